#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

typedef struct sqlite3 sqlite3;

/// Turns off SQLite's memory statistics, which take a process-wide mutex around every
/// allocation. Only takes effect before SQLite is first used; returns SQLite's result code.
int youyue_sqlite_disable_memory_statistics(void);

/// Gives `db` a larger lookaside allocator: `slots` buffers of `size` bytes that statements
/// use instead of malloc. Returns SQLite's result code.
int youyue_sqlite_set_lookaside(sqlite3 *db, int size, int slots);

/// The name of the VFS `youyue_sqlite_register_wal_batching` registers.
#define YOUYUE_WAL_BATCHING_VFS "youyue-wal-batching"

/// Registers, once, a VFS over the default one that writes each commit's write-ahead-log frames
/// in one call instead of two per frame (see wal_batching.c). It is not made the default: a
/// connection asks for it by name. Returns SQLite's result code.
int youyue_sqlite_register_wal_batching(void);

/// Called before each sync of a write-ahead log opened through that VFS, with the log's path; a
/// result other than SQLITE_OK fails the sync instead. Tests use it to hold a commit's flush back,
/// or to fail it; NULL (the default) for none.
typedef int (*youyue_wal_sync_hook)(const char *walPath);
void youyue_set_wal_sync_hook(youyue_wal_sync_hook hook);

#endif
