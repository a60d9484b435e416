"""One HTTP request to a running `baocao serve` (http.client), shared by the
scripts that drive it: tests/test_serve.py, tests/serve_drive.py and the
serve section of tests/bench.sh. No assertions: the callers check."""
import http.client


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
