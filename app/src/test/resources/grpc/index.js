// A gRPC server for FC's custom runtime, on @grpc/grpc-js (installed from npm by the test) over plain HTTP/2 on the
// platform's port, as FC's own gRPC sample serves. Hello answers with what the instance saw of FC's headers and the
// token's claims; Count streams "<name> 1" .. "<name> <count>" and holds its second message until a Hello named
// "release:<name>" arrives, so that a client that got the first message before releasing proves the stream streams.
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const definition = protoLoader.loadSync(__dirname + '/greeter.proto', { keepCase: true, defaults: true });
const greeter = grpc.loadPackageDefinition(definition).localfaas.test.Greeter;
const port = Number(process.env.FC_SERVER_PORT || process.env.FC_CUSTOM_LISTEN_PORT || 9000);
const held = new Map();

function release(name) {
  const go = held.get(name);
  if (go) {
    held.delete(name);
    go();
    return true;
  }
  return false;
}

const server = new grpc.Server();
server.addService(greeter.service, {
  Hello: (call, callback) => {
    const name = call.request.name;
    if (name.startsWith('release:')) {
      callback(null, { message: 'released ' + release(name.substring('release:'.length)) });
      return;
    }
    const seen = call.metadata.getMap();
    callback(null, {
      message: 'hello ' + name + ' id=' + Boolean(seen['x-fc-request-id']) + ' claims=' + (seen['x-localfaas-jwt-claims'] || ''),
    });
  },
  Count: (call) => {
    const { name, count } = call.request;
    call.write({ message: name + ' 1' });
    held.set(name, () => {
      for (let i = 2; i <= count; i++) {
        call.write({ message: name + ' ' + i });
      }
      call.end();
    });
  },
});
server.bindAsync('0.0.0.0:' + port, grpc.ServerCredentials.createInsecure(), (err) => {
  if (err) {
    console.error('cannot listen: ' + err.message);
    process.exit(1);
  }
  console.log('gRPC server listening on ' + port);
});
