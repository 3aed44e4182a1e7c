#!/usr/bin/env python3
"""OAuth 2.0 client credentials against the Youyue console, with an ordinary OAuth client library.

Uses authlib (pip install authlib) the way a procuratorate's case system or a district's script
would: client_secret_basic, client_secret_post and private_key_jwt (RFC 7523; ES256 and RS256)
each fetch a token from the console's /oauth/token, then call a console API with it as a Bearer
token. It also tries what must be refused: a disabled client, a replayed assertion, an assertion
for another audience, and one that expires an hour ahead.

Two steps, so that the test can register the public keys in between:

    python3 scripts/oauth/client_credentials.py keys DIR
        writes DIR/es256-private.pem, DIR/es256-public.jwk (a JWK) and DIR/rs256-private.pem,
        DIR/rs256-public.pem (a PEM public key); prints their paths as JSON.

    python3 scripts/oauth/client_credentials.py run CONFIG.json
        CONFIG: {"token_url", "api_url", "basic": {"id", "secret"}, "post": {"id", "secret"},
                 "es256": {"id", "key"}, "rs256": {"id", "key"}, "disabled": {"id", "secret"}}
        prints one JSON object with what each case got; exits 0 when it could run them all.
"""
import base64
import json
import os
import sys
import time
import uuid

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def write_keys(folder):
    os.makedirs(folder, exist_ok=True)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = lambda key: key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    paths = {
        "es256_private": os.path.join(folder, "es256-private.pem"),
        "es256_public": os.path.join(folder, "es256-public.jwk"),
        "rs256_private": os.path.join(folder, "rs256-private.pem"),
        "rs256_public": os.path.join(folder, "rs256-public.pem"),
    }
    with open(paths["es256_private"], "wb") as f:
        f.write(pem(ec_key))
    with open(paths["rs256_private"], "wb") as f:
        f.write(pem(rsa_key))
    public_jwk = ECKey.import_key(pem(ec_key)).as_dict(private=False)
    with open(paths["es256_public"], "w") as f:
        json.dump(public_jwk, f)
    with open(paths["rs256_public"], "wb") as f:
        f.write(rsa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    print(json.dumps(paths))


def claims_of(token):
    """The access token's claims, unverified: only to report what the console put in it."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def use(session, token, api_url):
    """What a token got: its answer's fields, the token's claims, and the API's status with it."""
    answer = requests.get(api_url, headers={"Authorization": "Bearer " + token["access_token"]}, timeout=30)
    claims = claims_of(token["access_token"])
    return {
        "token_type": token.get("token_type"),
        "expires_in": token.get("expires_in"),
        "sub": claims.get("sub"),
        "role": claims.get("role"),
        "district": claims.get("district"),
        "api_status": answer.status_code,
    }


def secret_client(config, case, method):
    session = OAuth2Session(config[case]["id"], config[case]["secret"], token_endpoint_auth_method=method)
    token = session.fetch_token(config["token_url"], grant_type="client_credentials")
    return use(session, token, config["api_url"])


def key_client(config, case, alg, key_class):
    with open(config[case]["key"], "rb") as f:
        key = key_class.import_key(f.read())
    session = OAuth2Session(config[case]["id"], key, token_endpoint_auth_method="private_key_jwt")
    # The console accepts assertions that expire at most 10 minutes ahead; authlib's default is an hour.
    session.register_client_auth_method(PrivateKeyJWT(config["token_url"], alg=alg, claims={"exp": int(time.time()) + 120}))
    token = session.fetch_token(config["token_url"], grant_type="client_credentials")
    return use(session, token, config["api_url"])


def refused(fetch):
    """The OAuth error a fetch ended in, or what it got when it was not refused."""
    try:
        return {"got_token": True, "result": fetch()}
    except OAuthError as error:
        return {"got_token": False, "error": error.error}


def assertion(config, case, alg, key_class, audience=None, lifetime=120, jti=None):
    with open(config[case]["key"], "rb") as f:
        key = key_class.import_key(f.read())
    now = int(time.time())
    claims = {"iss": config[case]["id"], "sub": config[case]["id"], "aud": audience or config["token_url"],
              "iat": now, "exp": now + lifetime, "jti": jti or str(uuid.uuid4())}
    return jwt.encode({"alg": alg}, claims, key, algorithms=[alg])


def post_assertion(config, signed):
    answer = requests.post(config["token_url"], data={
        "grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE, "client_assertion": signed}, timeout=30)
    try:
        error = answer.json().get("error")
    except ValueError:
        error = None
    return {"status": answer.status_code, "error": error}


def run(config_path):
    with open(config_path) as f:
        config = json.load(f)
    results = {
        "client_secret_basic": secret_client(config, "basic", "client_secret_basic"),
        "client_secret_post": secret_client(config, "post", "client_secret_post"),
        "private_key_jwt_es256": key_client(config, "es256", "ES256", ECKey),
        "private_key_jwt_rs256": key_client(config, "rs256", "RS256", RSAKey),
        "disabled": refused(lambda: secret_client(config, "disabled", "client_secret_basic")),
    }
    replayed = assertion(config, "es256", "ES256", ECKey)
    results["assertion_first_use"] = post_assertion(config, replayed)
    results["assertion_replayed"] = post_assertion(config, replayed)
    results["assertion_other_audience"] = post_assertion(config, assertion(config, "es256", "ES256", ECKey, audience="https://elsewhere.example/token"))
    results["assertion_an_hour_ahead"] = post_assertion(config, assertion(config, "rs256", "RS256", RSAKey, lifetime=3600))
    print(json.dumps(results, sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "keys":
        write_keys(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "run":
        run(sys.argv[2])
    else:
        sys.exit(__doc__)
