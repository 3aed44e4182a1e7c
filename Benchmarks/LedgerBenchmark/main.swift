// Placeholder: the ledger benchmark is being written (see scripts/ledger-benchmark.sh).
print("youyue-ledger-benchmark: not written yet")
