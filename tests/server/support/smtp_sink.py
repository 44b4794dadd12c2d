"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1:PORT that keeps
every message it receives as FOLDER/NNNN.eml (the bytes as sent) beside
FOLDER/NNNN.json (the envelope: mail_from, rcpt_tos, and auth_user, the
name the client authenticated as or null). The .eml appears by rename,
after its .json, so a reader never sees half a message.

Every AUTH command that reaches the server, accepted or not, is one line of
FOLDER/auth.jsonl, {"mechanism": "PLAIN", "tls": true}, written before the
server answers it: a test can see whether a client ever offered
credentials, and whether it did so in clear.

Usage: smtp_sink.py PORT FOLDER [--tls starttls|implicit --cert PEM --key PEM]
                    [--user NAME --password SECRET]
    (runs until SIGTERM or SIGINT)

  no --tls          plain SMTP; with --user, AUTH is offered in clear, as a
                    careless relay would, so a test can show a client that
                    required STARTTLS never sends its password to it
  --tls starttls    STARTTLS (RFC 3207) is required before any other command;
                    with --user, AUTH only after it and before MAIL
  --tls implicit    TLS from the first byte (SMTPS, RFC 8314); with --user,
                    AUTH is required before MAIL
"""
import argparse
import json
import logging
import os
import signal
import ssl
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class FolderHandler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%04d" % self.count)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "auth_user": session.auth_data if session.authenticated else None,
        }
        with open(base + ".json", "w", encoding="utf-8") as out:
            json.dump(record, out)
        with open(base + ".partial", "wb") as out:
            out.write(envelope.original_content)
        os.rename(base + ".partial", base + ".eml")
        return "250 Message accepted for delivery"


class Credentials:
    """aiosmtpd's authenticator: LOGIN and PLAIN against one user."""

    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == self.user
              and auth_data.password == self.password)
        if not ok:
            # handled=False: smtp_AUTH answers 535 itself.
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=auth_data.login.decode())


def recording_smtp(auth_log):
    class RecordingSMTP(SMTP):
        async def smtp_AUTH(self, arg):
            encrypted = self.transport.get_extra_info("ssl_object") is not None
            with open(auth_log, "a", encoding="utf-8") as out:
                out.write(json.dumps({"mechanism": (arg or "").split(" ")[0].upper(), "tls": encrypted}) + "\n")
            await super().smtp_AUTH(arg)

    return RecordingSMTP


class SinkController(Controller):
    def __init__(self, handler, auth_log, **kwargs):
        super().__init__(handler, **kwargs)
        self.smtp_class = recording_smtp(auth_log)

    def factory(self):
        return self.smtp_class(self.handler, **self.SMTP_kwargs)


def server_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def controller_for(options):
    handler = FolderHandler(options.folder)
    kwargs = {"hostname": "127.0.0.1", "port": options.port}
    if options.user is not None:
        kwargs["authenticator"] = Credentials(options.user, options.password or "")
        kwargs["auth_required"] = options.tls is not None
    if options.tls == "starttls":
        kwargs.update(tls_context=server_context(options.cert, options.key), require_starttls=True,
                      auth_require_tls=True)
    elif options.tls == "implicit":
        # aiosmtpd counts only STARTTLS as encryption; this connection is
        # encrypted from its first byte.
        kwargs.update(ssl_context=server_context(options.cert, options.key), auth_require_tls=False)
    else:
        kwargs["auth_require_tls"] = False
    return SinkController(handler, os.path.join(options.folder, "auth.jsonl"), **kwargs)


def parsed_arguments():
    parser = argparse.ArgumentParser(description="SMTP server for the tests")
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--tls", choices=["starttls", "implicit"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    options = parser.parse_args()
    if options.tls and not (options.cert and options.key):
        parser.error("--tls needs --cert and --key")
    return options


def main():
    options = parsed_arguments()
    # aiosmtpd warns about its own deprecations, and about AUTH without
    # STARTTLS even on an SMTPS connection; the tests' output stays readable.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    os.makedirs(options.folder, exist_ok=True)
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    # Blocked before the server's thread starts, so only sigwait below sees them.
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller = controller_for(options)
    controller.start()
    signal.sigwait(stop_signals)
    controller.stop()


if __name__ == "__main__":
    main()
