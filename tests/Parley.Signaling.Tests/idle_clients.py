"""Opens N WebSocket connections to Parley's /ws from a separate process and logs each in, so that the server's
memory can be measured without the clients in its heap (MemoryTests). Raw sockets (RFC 6455 §4.1 handshake,
§5.2 framing) so it needs nothing but the Python standard library.

stdin: one line per connection: "<identifier> <userSig>". argv: host port sdkAppId.
Prints "ready <n>" when all are logged in, then holds the sockets until stdin closes."""
import base64, json, os, socket, struct, sys


def send_text(sock, text):
    payload = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def recv_text(sock):
    first, second = recv_exact(sock, 2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack(">H", recv_exact(sock, 2))[0]
    elif length == 127:
        length = struct.unpack(">Q", recv_exact(sock, 8))[0]
    return recv_exact(sock, length).decode()


def connect(host, port):
    sock = socket.create_connection((host, port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    if b" 101 " not in response.split(b"\r\n")[0]:
        raise ConnectionError(response.decode(errors="replace"))
    return sock


def main():
    host, port, app = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sockets = []
    for line in sys.stdin:
        line = line.strip()
        if not line:
            break
        identifier, sig = line.split(" ")
        sock = connect(host, port)
        send_text(sock, json.dumps({"jsonrpc": "2.0", "id": 1, "method": "login",
                                    "params": {"sdkAppId": app, "identifier": identifier, "userSig": sig, "platform": "web"}}))
        reply = json.loads(recv_text(sock))
        if "result" not in reply:
            raise RuntimeError(str(reply))
        sockets.append(sock)
    print(f"ready {len(sockets)}", flush=True)
    sys.stdin.readline()
    for sock in sockets:
        sock.close()


main()
