# A web function for FC's custom runtime, written as its users write one: a Flask app (Debian's python3-flask, which the
# custom runtime image carries) listening on 0.0.0.0:$FC_SERVER_PORT, started by customRuntimeConfig.command. FC's
# lifecycle hooks are plain routes: POST /initialize and GET /pre-stop.
import base64
import os

from flask import Flask, jsonify, request

app = Flask(__name__)
state = {"initialized": 0}
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


@app.route("/initialize", methods=["POST"])
def initialize():
    state["initialized"] += 1
    return ""


@app.route("/pre-stop", methods=["GET"])
def pre_stop():
    with open("/mnt/state/pre-stop-flask-" + os.environ.get("FC_INSTANCE_ID", "unknown"), "w") as f:
        f.write(request.headers.get("x-fc-request-id", ""))
    return ""


@app.route("/", defaults={"path": ""}, methods=METHODS)
@app.route("/<path:path>", methods=METHODS)
def echo(path):
    body = request.get_data()
    response = jsonify({
        "runtime": "flask",
        "method": request.method,
        "url": request.full_path if request.query_string else request.path,
        "query": request.args.to_dict(),
        "custom": request.headers.get("x-custom"),
        "contentType": request.headers.get("content-type"),
        "requestId": request.headers.get("x-fc-request-id"),
        "functionName": request.headers.get("x-fc-function-name"),
        "controlPath": request.headers.get("x-fc-control-path"),
        "envFunctionName": os.environ.get("FC_FUNCTION_NAME"),
        "initialized": state["initialized"],
        "body": base64.b64encode(body).decode("ascii"),
    })
    response.status_code = 201 if request.method == "POST" else 200
    response.headers["x-echo-method"] = request.method
    return response


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("FC_SERVER_PORT", "9000")), threaded=True)
