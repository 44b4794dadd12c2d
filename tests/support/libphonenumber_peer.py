"""libphonenumber (Debian's python3-phonenumbers) as a peer for the core's
phone numbers: one JSON request per line on stdin, one JSON answer per line
on stdout.

  {"parse": "07700 900123", "region": "GB"}  -> {"e164": "+447700900123"} or {"error": "..."}
  {"regions": true}  -> {"regions": [{"region", "dial_code", "example_national",
                          "example_e164", "lengths": [{"digits", "possible"}]}]}
     every region with mobile numbers: its mobile example number in national
     and E.164 form, and for 4 to 17 digits after the calling code whether a
     mobile number there may have that many (with a number of that length
     made from the example's digits).
"""
import json
import sys

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType

MOBILE = PhoneNumberType.MOBILE


def parse(text, region):
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        return {"error": str(error)}
    return {"e164": phonenumbers.format_number(number, PhoneNumberFormat.E164)}


# The region's own mobile lengths (is_possible_number_for_type would read
# those of the main region of a shared calling code instead).
def lengths(metadata, example):
    national = str(example.national_number)
    return [{"digits": digits, "possible": digits in metadata.mobile.possible_length, "national": (national * 3)[:digits]}
            for digits in range(4, 18)]


def regions():
    listed = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        metadata = PhoneMetadata.metadata_for_region(region)
        if not (metadata.mobile and metadata.mobile.possible_length):
            continue
        example = phonenumbers.example_number_for_type(region, MOBILE)
        listed.append({
            "region": region,
            "dial_code": str(metadata.country_code),
            "example_national": phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL),
            "example_e164": phonenumbers.format_number(example, PhoneNumberFormat.E164),
            "lengths": lengths(metadata, example),
        })
    return {"regions": listed}


for line in sys.stdin:
    request = json.loads(line)
    answer = regions() if request.get("regions") else parse(request["parse"], request.get("region"))
    print(json.dumps(answer), flush=True)
