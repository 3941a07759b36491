#!/usr/bin/env python3
"""Writes the seed corpus of the JSON body fuzz target to tests/fuzz/corpus/json.

Each seed is one byte naming the route (its index in World::routes of json_body_target.cpp;
the index after the last feeds the pure parsers) followed by the body, where "{{contact}}"
and the like stand for ids of records the target makes at start-up. Seeds cover a valid
body per route and the attacks of issue #9: money past int64 as text and number, exponents,
control characters, bidi controls, invalid UTF-8, over-long text, javascript: URLs, deep
nesting, wrong types. Rerun after changing the route table; commit the output.
"""
import json
import os

ROUTES = [
    "POST /api/companies", "PATCH company", "POST addresses", "PATCH address", "POST company note",
    "PATCH company note", "POST /api/contacts", "PATCH contact", "POST /api/leads", "PATCH lead",
    "PATCH lead stage", "POST lead note", "POST /api/users", "PATCH /api/users/me",
    "PATCH /api/users/[rep]", "PATCH sms gateway", "PATCH email-account", "POST /api/auth",
    "PUT /api/auth",
]
PURE = len(ROUTES)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "json")

seeds = {}


def seed(name, route, body):
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False).encode()
    elif isinstance(body, str):
        body = body.encode()
    seeds[name] = bytes([route]) + body


address = {"type": "BOTH", "addressLine1": "1 Main St", "city": "Austin", "state": "TX",
           "zip": "78701"}
valid = {
    0: {"name": "Acme", "website": "acme.com", "phone": "(415) 555-2671", "salesNote": "a\nb"},
    1: {"name": "Acme 2", "status": "CUSTOMER", "taxable": True, "website": None},
    2: dict(address, isDefaultBilling=True),
    3: {"city": "Dallas", "isDefaultShipping": True},
    4: {"body": "Call back\n\tMonday"},
    5: {"body": "edited"},
    6: {"firstName": "Ann", "email": "ann@example.com", "phone": "+14155550100"},
    7: {"title": "CEO", "notes": "likes golf", "phone": "+14155550111"},
    8: {"contactId": "{{contact}}", "estimatedRevenue": "1500.50", "estimatedUnits": 3},
    9: {"estimatedRevenue": 99.995, "source": "web", "contact": {"firstName": "Bo"}},
    10: {"stage": "LOST", "lostReason": "price"},
    11: {"body": "lead note"},
    12: {"email": "new@example.com", "firstName": "N", "role": "REP", "phone": "4155550100"},
    13: {"firstName": "Ada", "phone": None},
    14: {"role": "ADMIN", "isActive": True, "lastName": "L"},
    15: {"gatewayUrl": "sms.example.com:8080", "password": " secret ", "isActive": False},
    16: {"emailAccountId": None},
    17: {"email": "admin@example.com", "password": "wrong-password"},
    18: {"email": "x@example.com", "password": "long-enough", "firstName": "X"},
}
for route, body in valid.items():
    seed(f"valid_{route:02d}", route, body)

money_attacks = ['"92233720368547758.07"', '"-92233720368547758.08"', "92233720368547758.07",
                 "1e-300", '"1e-300"', "1e400", "-1e400", "18446744073709551615",
                 '"999999999999.995"', "999999999999.99", '"' + "9" * 400 + '"', '"1e99999"',
                 "true", "[]", '"0x10"', '"NaN"']
for i, v in enumerate(money_attacks):
    seed(f"money_create_{i:02d}", 8, '{"contactId":"{{contact}}","estimatedRevenue":' + v + "}")
    seed(f"money_patch_{i:02d}", 9, '{"estimatedRevenue":' + v + ',"estimatedUnits":' + v + "}")
for i, v in enumerate(["1e300", "-1", "1000001", "2.5", '"5"', "18446744073709551615", "1E2"]):
    seed(f"count_{i:02d}", 9, '{"estimatedUnits":' + v + "}")

text_attacks = {
    "nul": '"a\\u0000b"', "bell": '"\\u0007"', "newline": '"a\\nb"', "tab": '"a\\tb"',
    "bidi": '"evil\\u202egnp.exe"', "isolate": '"\\u2066x\\u2069"', "c1": '"\\u0085"',
    "surrogate": '"\\ud800"', "long": '"' + "x" * 300 + '"',
    "js_url": '"javascript:alert(1)"', "data_url": '"data:text/html,x"', "empty": '""',
    "spaces": '"   "', "null": "null", "number": "5", "object": "{}",
}
for name, v in text_attacks.items():
    seed(f"text_company_name_{name}", 0, '{"name":' + v + "}")
    seed(f"text_company_website_{name}", 1, '{"website":' + v + ',"salesNote":' + v + "}")
    seed(f"text_note_{name}", 4, '{"body":' + v + "}")
    seed(f"text_contact_{name}", 7, '{"firstName":' + v + ',"email":' + v + ',"phone":' + v + "}")
    seed(f"text_nested_contact_{name}", 9, '{"contact":{"notes":' + v + ',"companyId":' + v + "}}")
    seed(f"text_gateway_{name}", 15, '{"gatewayUrl":' + v + ',"password":' + v + "}")
    seed(f"text_me_{name}", 13, '{"lastName":' + v + ',"email":' + v + "}")
    seed(f"text_setup_{name}", 18, '{"email":"a@b.co","password":' + v + ',"firstName":' + v + "}")

seed("long_multi_note", 4, '{"body":"' + "y" * 65537 + '"}')
seed("long_multi_contact_notes", 7, '{"notes":"' + "y" * 65537 + '"}')
seed("invalid_utf8", 0, b'{"name":"a\xff\xfeb"}')
seed("overlong_utf8", 6, b'{"email":"a\xc0\xafb@example.com"}')
seed("deep_nesting", 9, '{"contact":' + "[" * 5000 + "]" * 5000 + "}")
seed("not_json", 0, "{name: Acme")
seed("not_object", 0, "[1,2,3]")
seed("empty_body", 0, "")
seed("duplicate_keys", 0, '{"name":"A","name":"B"}')
seed("stage_wrong", 10, {"stage": "WON", "lostReason": "x"})
seed("stage_unknown", 10, {"stage": "DELETED\u0000"})
seed("lead_other_company", 8, {"contactId": "{{contact}}", "companyId": "nope"})
seed("contact_company_change", 9, {"contact": {"companyId": None}})
seed("company_rep", 1, {"assignedRepId": "{{rep}}"})
seed("login_long_email", 17, {"email": "a" * 300 + "@example.com", "password": "x"})
for i, text in enumerate(["1e-300", "92233720368547758.08", "-.5e+3", "1" * 100 + "e-98",
                          "https://acme.com", "acme.com:443/x", "JAVASCRIPT:x", "a\u202eb",
                          b"\xff\xfe", "x" * 300]):
    seed(f"pure_{i:02d}", PURE, text)

os.makedirs(OUT, exist_ok=True)
for name in os.listdir(OUT):
    os.remove(os.path.join(OUT, name))
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print(f"{len(seeds)} seeds in {os.path.normpath(OUT)}")
