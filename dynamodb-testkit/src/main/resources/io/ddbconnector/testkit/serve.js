// Starts dynalite (arguments as for its cli.js) and keeps it alive when a client drops a request
// half-way: dynalite rethrows the request's 'aborted' error, which would otherwise end the process and
// with it every test that shares the server. Other uncaught errors still stop the server.
'use strict'
process.on('uncaughtException', function (err) {
  if (err && (err.code === 'ECONNRESET' || err.message === 'aborted')) {
    console.error('[serve.js] ignored a request the client aborted: ' + err.message)
    return
  }
  console.error(err)
  process.exit(1)
})
require('./node_modules/dynalite/cli.js')
