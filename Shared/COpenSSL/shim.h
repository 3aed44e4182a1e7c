#ifndef YOUYUE_COPENSSL_SHIM_H
#define YOUYUE_COPENSSL_SHIM_H
// The system OpenSSL 3 (libssl-dev): SM3, HMAC-SM3 and SM4-CTR for the national crypto suite.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#endif
