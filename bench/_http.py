"""A small HTTP client for the benchmarks (standard library only): one request per connection,
as gunicorn's sync workers close each connection anyway, timed from sending the request to
the last byte of the answer."""

import http.client
import statistics
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie


@dataclass
class Response:
    status: int  # 0 when no answer came (refused, reset, timed out)
    seconds: float
    body: bytes = b""
    location: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    error: str = ""


def request(
    host: str,
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 30.0,
) -> Response:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        content = answer.read()
    except (OSError, http.client.HTTPException) as error:
        return Response(0, time.perf_counter() - started, error=f"{type(error).__name__}: {error}")
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    cookies: dict[str, str] = {}
    for header in answer.headers.get_all("Set-Cookie") or []:
        cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
    return Response(answer.status, seconds, content, answer.getheader("Location", ""), cookies)


class _InputCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            attributes = dict(attrs)
            if attributes.get("name"):
                self.values.setdefault(attributes["name"], attributes.get("value") or "")


def form_inputs(html: bytes) -> dict[str, str]:
    """The name → value of every <input> of a page (the first one of each name)."""
    collector = _InputCollector()
    collector.feed(html.decode("utf-8", "replace"))
    return collector.values


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def percentile(values: list[float], percent: float) -> float:
    """The `percent`th percentile (1–99), interpolated between the nearest values; 0.0 for none."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(percent) - 1]
