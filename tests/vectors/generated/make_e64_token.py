"""Makes e64_rs256.json: a 4096-bit RSA key whose public exponent has 64 bits (as some
HSM-made keys do) and an RS256 Cognito access token signed with it, for the exponent
bound test. Run: openssl genpkey ... (see below), then python3 make_e64_token.py KEY.pem"""
import base64, json, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

# openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 \
#   -pkeyopt rsa_keygen_pubexp:0xF1E2D3C4B5A69789 -out KEY.pem
key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
numbers = key.public_key().public_numbers()
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
uint = lambda n: n.to_bytes((n.bit_length() + 7) // 8, "big")
NOW = 1_700_000_000  # tests/tests/common NOW
header = {"alg": "RS256", "kid": "e64"}
claims = {"sub": "u", "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1",
          "client_id": "client-abc", "token_use": "access", "iat": NOW - 5, "exp": NOW + 3600}
signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
json.dump({
    "jwk": {"kty": "RSA", "kid": "e64", "alg": "RS256", "use": "sig", "n": b64(uint(numbers.n)), "e": b64(uint(numbers.e))},
    "e": hex(numbers.e),
    "token": signing_input + "." + b64(signature),
}, open("e64_rs256.json", "w"), indent=1)
