import Hummingbird
import GRDB
import PostgresNIO
import JWTKit
import Crypto
import Prometheus
import AsyncHTTPClient
import COpenSSL
