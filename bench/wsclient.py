"""A viewer as the server sees one: Streamlit's websocket protocol, spoken as the browser does.

The browser keeps every large element it was sent (Streamlit marks them ``cacheable``) and
lists their hashes in each rerun request; the server then sends a reference, not the element
again. It also sends its widgets' values. This client does both, so a benchmark's server does
the work a booth full of phones would give it, no more and no less.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


@dataclass
class Run:
    seconds: float
    bytes_received: int
    exceptions: list[str] = field(default_factory=list)
    page_not_found: bool = False
    compile_error: bool = False


def _page_cookie(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


class Viewer:
    """One browser tab. ``await viewer.open(url)`` then ``rerun`` / ``set_widget``."""

    def __init__(self) -> None:
        self.ws = None
        self.hashes: set[str] = set()
        self.widgets: dict[str, str] = {}  # user key → element id, from the last page
        self.values: dict[str, BackMsg] = {}
        self.page, self.query = "", ""

    async def open(self, base_url: str, open_timeout: float = 60) -> Viewer:
        """Load the page first, as a browser does: a proxy's sticky-session cookie comes with
        it, and the websocket carries it back to the same worker."""
        cookie = await asyncio.to_thread(_page_cookie, base_url.rstrip("/") + "/")
        url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.ws = await websockets.connect(
            url, subprotocols=["streamlit"], max_size=None, open_timeout=open_timeout,
            ping_interval=None, additional_headers={"Cookie": cookie} if cookie else None)
        return self

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def __aenter__(self) -> Viewer:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def rerun(self, page: str | None = None, query: str | None = None,
                    timeout: float = 120) -> Run:
        """Open a page (or rerun the current one) and wait until its script has finished."""
        if page is not None and (page, query) != (self.page, self.query):
            self.values.clear()  # another page: its widgets start from their defaults
        self.page = self.page if page is None else page
        self.query = self.query if query is None else query
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.cached_message_hashes.extend(sorted(self.hashes))
        for value in self.values.values():
            state.widget_states.widgets.append(value)
        return await self._send(msg, timeout)

    async def set_toggle(self, user_key: str, on: bool, timeout: float = 120) -> Run:
        """Click a checkbox or toggle on the current page, as the browser reports it."""
        element_id = self.widgets[user_key]
        value = BackMsg().rerun_script.widget_states.widgets.add()
        value.id = element_id
        value.bool_value = on
        self.values[user_key] = value
        return await self.rerun(timeout=timeout)

    async def _send(self, msg: BackMsg, timeout: float) -> Run:
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(0.0, 0)
        widgets: dict[str, str] = {}
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=timeout)
            run.bytes_received += len(raw)
            fmsg = ForwardMsg()
            fmsg.ParseFromString(raw)
            if fmsg.metadata.cacheable and fmsg.hash:
                self.hashes.add(fmsg.hash)
            kind = fmsg.WhichOneof("type")
            if kind == "delta" and fmsg.delta.WhichOneof("type") == "new_element":
                element = fmsg.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    run.exceptions.append(element.exception.message)
                else:
                    element_id = getattr(getattr(element, which, None), "id", "")
                    if isinstance(element_id, str) and element_id.count("-") >= 2:
                        widgets[element_id.split("-", 2)[2]] = element_id
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "script_finished":
                status = fmsg.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.compile_error = True
                if status in (ForwardMsg.FINISHED_SUCCESSFULLY,
                              ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                    run.seconds = time.perf_counter() - start
                    self.widgets.update(widgets)
                    return run
