// sqlite3_config and sqlite3_db_config are variadic, which Swift cannot call.
#include <sqlite3.h>
#include "CSQLiteTuning.h"

int youyue_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int youyue_sqlite_set_lookaside(sqlite3 *db, int size, int slots) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, (void *)0, size, slots);
}
