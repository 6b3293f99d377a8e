"""python3-zmq DEALER: dealer.py ENDPOINT COUNT. Prints 'ok' and exits 0 when the ROUTER answered everything."""
import sys

import zmq

import wire


def main(endpoint, count):
    context = zmq.Context()
    socket = context.socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.setsockopt(zmq.RCVTIMEO, wire.TIMEOUT_MS)
    socket.connect(endpoint)
    for job in range(1, count + 1):
        socket.send_multipart(wire.heartbeat(job))
    for job in range(1, count + 1):
        meta = wire.expect(socket.recv_multipart(), wire.ACCEPT, job)
        if meta.get("attempt") != 1:
            raise AssertionError(f"job {job}: unexpected ACCEPT meta {meta}")
    socket.send_multipart(wire.bye())
    wire.expect(socket.recv_multipart(), wire.BYE, 0)
    socket.close()
    context.term()
    print("ok", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
