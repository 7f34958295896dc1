"""Independent control-socket client: sends each argument as one request with pyzmq (REQ), prints each reply.

Run with Debian's /usr/bin/python3 (python3-zmq).
    control_client.py ENDPOINT REQUEST...
A REQUEST is sent as its UTF-8 bytes, exactly as given (so malformed ones can be sent); the special REQUEST
"@multipart" sends the two frames b'{"verb":"verbs"}' and b'x'. Each reply is printed on one line as received.
Exits 3 when a reply does not come within 5 s.
"""
import sys

import zmq

endpoint, requests = sys.argv[1], sys.argv[2:]
context = zmq.Context()
for request in requests:
    socket = context.socket(zmq.REQ)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoint)
    if request == "@multipart":
        socket.send_multipart([b'{"verb":"verbs"}', b"x"])
    else:
        socket.send(request.encode("utf-8"))
    if not socket.poll(5000):
        print("no reply", file=sys.stderr)
        sys.exit(3)
    print(socket.recv().decode("utf-8"), flush=True)
    socket.close()
context.term()
