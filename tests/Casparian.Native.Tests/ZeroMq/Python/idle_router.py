"""python3-zmq ROUTER that binds tcp://127.0.0.1:*, prints the endpoint and then only waits.
Tests stop this process (SIGSTOP) to simulate a peer that hangs without closing its TCP connection."""
import zmq

context = zmq.Context()
socket = context.socket(zmq.ROUTER)
socket.setsockopt(zmq.LINGER, 0)
socket.bind("tcp://127.0.0.1:*")
print(socket.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
socket.recv_multipart()
