#!/bin/bash
# The build stage of deploy/Containerfile: /out/$PRODUCT, a release binary with the Swift runtime
# linked statically and no debug symbols, compiled here (BINARIES=source) or taken from
# deploy/prebuilt/ in the build context (BINARIES=prebuilt).
set -euo pipefail
: "${PRODUCT:?PRODUCT is not set}"
mkdir -p /out
case ${BINARIES:-source} in
    source)
        # The C libraries the project links: SQLite (GRDB) and OpenSSL 3 (SM3/SM4).
        apt-get update
        apt-get install -y --no-install-recommends libsqlite3-dev libssl-dev binutils
        rm -rf /var/lib/apt/lists/*
        swift build -c release --static-swift-stdlib --product "$PRODUCT"
        cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/$PRODUCT" /out/
        strip /out/"$PRODUCT"
        ;;
    prebuilt)
        [[ -f deploy/prebuilt/$PRODUCT ]] || { echo "deploy/prebuilt/$PRODUCT is missing" >&2; exit 1; }
        install -m 0755 "deploy/prebuilt/$PRODUCT" /out/
        ;;
    *)
        echo "BINARIES must be source or prebuilt, not $BINARIES" >&2
        exit 1
        ;;
esac
