"""A client that never reads (MemoryTests' sibling for the send-queue limit): connects to /ws with a tiny receive
buffer, sends argv[3] requests in one burst, then holds the socket without reading until stdin closes.
Frames use an all-zero masking key (RFC 6455 §5.3 allows any key), so the payload goes out as is."""
import os, socket, sys

host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
sock.connect((host, port))
sock.sendall((f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
response = b""
while b"\r\n\r\n" not in response:
    response += sock.recv(1)
payload = b'{"jsonrpc":"2.0","id":1,"method":"ping"}'
frame = bytes([0x81, 0x80 | len(payload)]) + b"\x00\x00\x00\x00" + payload
try:
    sock.sendall(frame * count)
    print("sent", flush=True)
except OSError as error:
    print(f"send failed {error}", flush=True)
sys.stdin.readline()
sock.close()
