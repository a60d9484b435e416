"""One HTTP request to a running `baocao serve` (http.client), shared by the
scripts that drive it: tests/test_serve.py, tests/serve_drive.py and the
serve section of tests/bench.sh. No assertions: the callers check."""
import http.client
import os
import subprocess


def http_request(addr, port, method, path, body=None, headers=None, host=None, timeout=120):
    """Sends method path (with body) to addr:port with the Host header host
    (default "addr:port") followed by headers; returns (status, headers as a
    dict, body bytes)."""
    c = http.client.HTTPConnection(addr, port, timeout=timeout)
    h = {"Host": host or f"{addr}:{port}"}
    h.update(headers or {})
    try:
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        c.close()


def multipart(fields):
    """A multipart/form-data body of (name, filename or None, bytes) fields;
    returns (body, Content-Type header)."""
    bnd = "----baocao" + os.urandom(8).hex()
    out = b""
    for name, fname, data in fields:
        disp = f'form-data; name="{name}"' + (f'; filename="{fname}"' if fname else "")
        out += (f"--{bnd}\r\nContent-Disposition: {disp}\r\n"
                + ("Content-Type: application/x-pkcs12\r\n" if fname else "") + "\r\n").encode()
        out += data + b"\r\n"
    return out + f"--{bnd}--\r\n".encode(), "multipart/form-data; boundary=" + bnd


def stop_server(proc, timeout=180):
    """SIGTERM to a `baocao serve` started with text pipes; returns its stderr,
    read to the end (a sanitizer's report must not block on a full pipe);
    killed when it does not stop within timeout seconds."""
    proc.terminate()
    try:
        return proc.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()[1]
