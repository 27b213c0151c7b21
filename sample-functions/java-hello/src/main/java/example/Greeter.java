package example;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;

/** A POJO event function (handler example.Greeter::handleRequest): {"name": "x"} in, {"greeting": "hello x"} out. */
public class Greeter implements PojoRequestHandler<Greeter.Request, Greeter.Response> {
    @Override
    public Response handleRequest(Request input, Context context) {
        context.getLogger().info("greeting " + input.getName());
        Response out = new Response();
        out.setGreeting("hello " + input.getName());
        out.setRequestId(context.getRequestId());
        return out;
    }

    public static class Request {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    public static class Response {
        private String greeting;
        private String requestId;

        public String getGreeting() {
            return greeting;
        }

        public void setGreeting(String greeting) {
            this.greeting = greeting;
        }

        public String getRequestId() {
            return requestId;
        }

        public void setRequestId(String requestId) {
            this.requestId = requestId;
        }
    }
}
