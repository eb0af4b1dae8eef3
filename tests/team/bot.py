"""Provides a participant process for the team tests and benchmarks: a TeamClient driven by JSON lines on stdin.

`python tests/team/bot.py URL NAME` joins, prints `{"joined": NAME}` and then
answers one JSON line per command read from stdin:

    {"do": "ideas", "texts": [...]}      add ideas (reply when queued)
    {"do": "vote", "option": ID}          cast a dot          {"do": "retract", "option": ID}
    {"do": "question", "kind": K, "text": T}
    {"do": "raw", "text": T}              put any text in the outbox (a misbehaving client)
    {"do": "draft", "text": T}            make the assigned draft read T
    {"do": "type", "text": T, "at": N}    type T into the draft at N (or at its end without N), as a
                                          person types: relative to the text this client has now
    {"do": "wait"}                        wait until the host applied everything sent
    {"do": "wait_view", "key": K, "value": V}   wait until view[K] == V
    {"do": "wait_draft", "text": T}       wait until the shared draft reads T
    {"do": "view"}                        the current view
    {"do": "stamped", "n": N, "gap": S}   N ideas "t=<send time> NAME #i", S seconds apart
    {"do": "rss"}                         this process's resident memory (Linux)
    {"do": "quit"}
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import time

from workshop.team.client import JoinError, TeamClient

WAIT = 30.0
"""Seconds a wait command waits before it answers with a timeout."""


def view_data(client: TeamClient) -> dict:
    data = dataclasses.asdict(client.view)
    data["connected_now"] = client.connected
    return json.loads(json.dumps(data, default=str))  # as the test reads it: tuples become lists


async def until(check, seconds: float = WAIT) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.01)
    return False


async def main(url: str, name: str) -> None:
    from pycrdt import Array

    client = TeamClient(url, name)
    try:
        await client.connect()
    except JoinError as error:
        print(json.dumps({"error": str(error)}), flush=True)
        return
    print(json.dumps({"joined": client.name}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        command = json.loads(line)
        do = command["do"]
        reply: dict = {"ok": True}
        try:
            if do == "ideas":
                for text in command["texts"]:
                    client.add_idea(text)
            elif do == "stamped":  # ideas whose text says when they were sent (benchmarks)
                for i in range(command["n"]):
                    client.add_idea(f"t={time.time():.6f} {client.name} #{i}")
                    await asyncio.sleep(command["gap"])
            elif do == "rss":
                with open("/proc/self/status") as handle:
                    reply["rss_kb"] = next(int(row.split()[1]) for row in handle if row.startswith("VmRSS"))
            elif do == "vote":
                client.cast_vote(command["option"])
            elif do == "retract":
                client.retract_vote(command["option"])
            elif do == "question":
                client.add_question(command["kind"], command["text"])
            elif do == "raw":
                with client._doc.transaction():
                    client._doc.get("outbox", type=Array).append(command["text"])
            elif do == "draft":
                await until(lambda: client.draft_text() is not None and client.draft_text().synced)
                client.draft_text().apply_local(command["text"])
            elif do == "type":
                await until(lambda: client.draft_text() is not None and client.draft_text().synced)
                draft = client.draft_text()
                now = draft.text  # no await between reading and applying: one insertion, nothing else
                at = len(now) if command.get("at") is None else command["at"]
                draft.apply_local(now[:at] + command["text"] + now[at:])
            elif do == "wait":
                reply["ok"] = await until(lambda: client.view.pending == 0 and client.connected)
            elif do == "wait_view":
                reply["ok"] = await until(lambda: view_data(client).get(command["key"]) == command["value"])
            elif do == "wait_draft":
                reply["ok"] = await until(
                    lambda: client.draft_text() is not None and client.draft_text().text == command["text"]
                )
            elif do == "quit":
                break
            reply["view"] = view_data(client)
        except Exception as error:  # the test reads it
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply, default=str), flush=True)
    await client.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
