"""python3-zmq ROUTER: router.py COUNT. Binds tcp://127.0.0.1:*, prints the endpoint, answers COUNT HEARTBEATs
with ACCEPT and echoes the BYE; prints 'ok' and exits 0. The BYE echo is flushed by LINGER before exit."""
import sys

import zmq

import wire


def main(count):
    context = zmq.Context()
    socket = context.socket(zmq.ROUTER)
    socket.setsockopt(zmq.LINGER, wire.TIMEOUT_MS)
    socket.setsockopt(zmq.RCVTIMEO, wire.TIMEOUT_MS)
    socket.setsockopt(zmq.ROUTER_MANDATORY, 1)
    socket.bind("tcp://127.0.0.1:*")
    print(socket.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    for job in range(1, count + 1):
        routing_id, *parts = socket.recv_multipart()
        meta = wire.expect(parts, wire.HEARTBEAT, job)
        if meta.get("running_jobs") != [job]:
            raise AssertionError(f"job {job}: unexpected HEARTBEAT meta {meta}")
        socket.send_multipart([routing_id, *wire.accept(job)])
    routing_id, *parts = socket.recv_multipart()
    wire.expect(parts, wire.BYE, 0)
    socket.send_multipart([routing_id, *wire.bye()])
    socket.close()
    context.term()
    print("ok", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
