// SM3 of a file's bytes in its own thread, so that SM3 and SHA-256 (main thread) run
// side by side instead of one after the other. Chunks arrive in order; each is acknowledged
// so the sender keeps a bounded number in flight.
import crypto from 'node:crypto'
import { parentPort } from 'node:worker_threads'

const hash = crypto.createHash('sm3')
parentPort.on('message', (message) => {
  if (message.chunk) {
    hash.update(new Uint8Array(message.chunk))
    parentPort.postMessage({ ack: true })
  } else if (message.end) {
    parentPort.postMessage({ sm3: hash.digest('hex') })
  }
})
