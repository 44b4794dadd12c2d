"""Parses one RFC 5322 message with Python's standard email package, a
parser written apart from Twofold's, and prints what it understood as JSON:
decoded headers, the Date as Unix seconds, every part decoded, and the
defects the parser found (an empty list for a well-formed message).

Usage: parse_mail.py FILE
"""
import email
import email.policy
import email.utils
import json
import sys


def main():
    with open(sys.argv[1], "rb") as source:
        message = email.message_from_binary_file(source, policy=email.policy.default)
    defects = [type(defect).__name__ for defect in message.defects]
    parts = []
    for part in message.iter_parts():
        defects += [type(defect).__name__ for defect in part.defects]
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part["Content-Transfer-Encoding"],
            "content": part.get_content(),
        })
    print(json.dumps({
        "from": str(message["From"]),
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "date": int(email.utils.parsedate_to_datetime(message["Date"]).timestamp()),
        "message_id": str(message["Message-ID"]),
        "mime_version": str(message["MIME-Version"]),
        "content_type": message.get_content_type(),
        "parts": parts,
        "defects": defects,
    }))


if __name__ == "__main__":
    main()
