# A Flask app answering every path, as the web-framework templates write theirs; it listens on 9000 itself.
import sys

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/", defaults={"path": ""}, methods=["GET", "POST", "PUT", "DELETE"])
@app.route("/<path:path>", methods=["GET", "POST", "PUT", "DELETE"])
def hello(path):
    return jsonify({
        "framework": "flask",
        "python": sys.version.split()[0],
        "method": request.method,
        "path": path,
        "query": str(request.query_string, "utf-8"),
        "body": str(request.stream.read(), "utf-8"),
        "requestId": request.headers.get("x-fc-request-id"),
    })


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=9000)
