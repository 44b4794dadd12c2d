"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1:PORT that keeps
every message it receives as FOLDER/NNNN.eml (the bytes as sent) beside
FOLDER/NNNN.json (the envelope: mail_from, rcpt_tos). The .eml appears by
rename, after its .json, so a reader never sees half a message.

Usage: smtp_sink.py PORT FOLDER    (runs until SIGTERM or SIGINT)
"""
import json
import os
import signal
import sys

from aiosmtpd.controller import Controller


class FolderHandler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%04d" % self.count)
        with open(base + ".json", "w", encoding="utf-8") as out:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, out)
        with open(base + ".partial", "wb") as out:
            out.write(envelope.original_content)
        os.rename(base + ".partial", base + ".eml")
        return "250 Message accepted for delivery"


def main():
    port = int(sys.argv[1])
    folder = sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    # Blocked before the server's thread starts, so only sigwait below sees them.
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller = Controller(FolderHandler(folder), hostname="127.0.0.1", port=port)
    controller.start()
    signal.sigwait(stop_signals)
    controller.stop()


if __name__ == "__main__":
    main()
