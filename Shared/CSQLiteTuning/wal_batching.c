// A VFS over the default one that gathers a commit's write-ahead-log writes into one pwrite.
//
// SQLite writes every frame of a commit with two calls (its 24-byte header, then the page), each a
// system call: about thirty per commit on the service kit's writer. Here a log file keeps the
// writes that extend the log in a buffer and writes them out in one call when the commit frame
// (the frame whose header carries the database size) is complete, so SQLite sees the commit's
// result, and any error, exactly where it would have. Everything else goes straight to the file,
// after the buffer: a write to a part already written (SQLite rewrites pages and checksums there
// when a large transaction changes a page it already wrote to the log), a read, a sync, a size,
// a truncation, a close, a file control. So the file always reads as SQLite wrote it, and a commit
// is published in the shared index, and answered, only after its last write reached the file.
//
// Only SQLite's own files pass through here; database files and journals are passed straight on.
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "CSQLiteTuning.h"

#define WAL_HEADER_SIZE 32
#define WAL_FRAME_HEADER_SIZE 24
#define BUFFER_CAPACITY (512 * 1024)
// The unix VFS writes at most 0x1ffff bytes per call and reports a longer write as a full disk.
#define WRITE_LIMIT (124 * 1024)

typedef struct BatchFile {
    sqlite3_file base;      // pMethods points at batchMethods
    sqlite3_file *real;     // the default VFS's file, stored right after this struct
    int isLog;
    unsigned char *buffer;
    int used;
    sqlite3_int64 start;    // file offset of buffer[0]
    sqlite3_int64 end;      // how far the log has been written, buffer included
    int commitPending;      // the last write was a commit frame's header
    const char *path;       // SQLite keeps the name valid until xClose
} BatchFile;

static sqlite3_vfs *realVFS;
static _Atomic(youyue_wal_sync_hook) syncHook;

void youyue_set_wal_sync_hook(youyue_wal_sync_hook hook) {
    atomic_store(&syncHook, hook);
}

/// Writes the buffered frames out. On failure they are dropped, as a failed pwrite drops its
/// data: SQLite rolls the commit back.
static int writeOut(BatchFile *file) {
    int rc = SQLITE_OK;
    for (int done = 0; done < file->used && rc == SQLITE_OK; done += WRITE_LIMIT) {
        int amount = file->used - done < WRITE_LIMIT ? file->used - done : WRITE_LIMIT;
        rc = file->real->pMethods->xWrite(file->real, file->buffer + done, amount, file->start + done);
    }
    file->used = 0;
    file->commitPending = 0;
    return rc;
}

static int batchClose(sqlite3_file *f) {
    BatchFile *file = (BatchFile *)f;
    int rc = writeOut(file);
    int closed = file->real->pMethods->xClose(file->real);
    free(file->buffer);
    file->buffer = NULL;
    return rc != SQLITE_OK ? rc : closed;
}

static int batchRead(sqlite3_file *f, void *out, int amount, sqlite3_int64 offset) {
    BatchFile *file = (BatchFile *)f;
    int rc = writeOut(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xRead(file->real, out, amount, offset);
}

static int batchWrite(sqlite3_file *f, const void *data, int amount, sqlite3_int64 offset) {
    BatchFile *file = (BatchFile *)f;
    if (!file->isLog) return file->real->pMethods->xWrite(file->real, data, amount, offset);
    int rc;
    if (offset == 0 && amount == WAL_HEADER_SIZE) {
        // The log's header: the log starts again from its beginning.
        if ((rc = writeOut(file)) != SQLITE_OK) return rc;
        file->end = 0;
    }
    if (offset < file->end || (file->buffer == NULL && (file->buffer = malloc(BUFFER_CAPACITY)) == NULL)) {
        // A rewrite of what is already written (or no buffer): straight to the file, in order.
        if ((rc = writeOut(file)) != SQLITE_OK) return rc;
        rc = file->real->pMethods->xWrite(file->real, data, amount, offset);
        if (offset + amount > file->end) file->end = offset + amount;
        return rc;
    }
    if ((file->used > 0 && offset != file->start + file->used) || file->used + amount > BUFFER_CAPACITY) {
        if ((rc = writeOut(file)) != SQLITE_OK) return rc;
    }
    file->end = offset + amount;
    if (amount > BUFFER_CAPACITY) return file->real->pMethods->xWrite(file->real, data, amount, offset);
    if (file->used == 0) file->start = offset;
    memcpy(file->buffer + file->used, data, (size_t)amount);
    file->used += amount;
    if (file->commitPending) {
        // The commit frame's page: the commit is complete.
        return writeOut(file);
    }
    if (amount == WAL_FRAME_HEADER_SIZE) {
        // Bytes 4-7 of a frame header: the database size after a commit, zero in other frames.
        const unsigned char *header = data;
        file->commitPending = (header[4] | header[5] | header[6] | header[7]) != 0;
    }
    return SQLITE_OK;
}

static int batchTruncate(sqlite3_file *f, sqlite3_int64 size) {
    BatchFile *file = (BatchFile *)f;
    int rc = writeOut(file);
    if (size < file->end) file->end = size;
    return rc != SQLITE_OK ? rc : file->real->pMethods->xTruncate(file->real, size);
}

static int batchSync(sqlite3_file *f, int flags) {
    BatchFile *file = (BatchFile *)f;
    int rc = writeOut(file);
    youyue_wal_sync_hook hook = file->isLog ? atomic_load(&syncHook) : NULL;
    if (rc == SQLITE_OK && hook != NULL) rc = hook(file->path);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xSync(file->real, flags);
}

static int batchFileSize(sqlite3_file *f, sqlite3_int64 *size) {
    BatchFile *file = (BatchFile *)f;
    int rc = writeOut(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xFileSize(file->real, size);
}

static int batchLock(sqlite3_file *f, int level) {
    return ((BatchFile *)f)->real->pMethods->xLock(((BatchFile *)f)->real, level);
}

static int batchUnlock(sqlite3_file *f, int level) {
    return ((BatchFile *)f)->real->pMethods->xUnlock(((BatchFile *)f)->real, level);
}

static int batchCheckReservedLock(sqlite3_file *f, int *result) {
    return ((BatchFile *)f)->real->pMethods->xCheckReservedLock(((BatchFile *)f)->real, result);
}

static int batchFileControl(sqlite3_file *f, int op, void *argument) {
    BatchFile *file = (BatchFile *)f;
    int rc = writeOut(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xFileControl(file->real, op, argument);
}

static int batchSectorSize(sqlite3_file *f) {
    return ((BatchFile *)f)->real->pMethods->xSectorSize(((BatchFile *)f)->real);
}

static int batchDeviceCharacteristics(sqlite3_file *f) {
    return ((BatchFile *)f)->real->pMethods->xDeviceCharacteristics(((BatchFile *)f)->real);
}

static int batchShmMap(sqlite3_file *f, int region, int size, int extend, void volatile **pointer) {
    return ((BatchFile *)f)->real->pMethods->xShmMap(((BatchFile *)f)->real, region, size, extend, pointer);
}

static int batchShmLock(sqlite3_file *f, int offset, int count, int flags) {
    return ((BatchFile *)f)->real->pMethods->xShmLock(((BatchFile *)f)->real, offset, count, flags);
}

static void batchShmBarrier(sqlite3_file *f) {
    ((BatchFile *)f)->real->pMethods->xShmBarrier(((BatchFile *)f)->real);
}

static int batchShmUnmap(sqlite3_file *f, int deleteFlag) {
    return ((BatchFile *)f)->real->pMethods->xShmUnmap(((BatchFile *)f)->real, deleteFlag);
}

static int batchFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **pointer) {
    BatchFile *file = (BatchFile *)f;
    int rc = writeOut(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xFetch(file->real, offset, amount, pointer);
}

static int batchUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *pointer) {
    return ((BatchFile *)f)->real->pMethods->xUnfetch(((BatchFile *)f)->real, offset, pointer);
}

static const sqlite3_io_methods batchMethods = {
    3, batchClose, batchRead, batchWrite, batchTruncate, batchSync, batchFileSize, batchLock, batchUnlock,
    batchCheckReservedLock, batchFileControl, batchSectorSize, batchDeviceCharacteristics, batchShmMap,
    batchShmLock, batchShmBarrier, batchShmUnmap, batchFetch, batchUnfetch,
};

static int batchOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *outFlags) {
    (void)vfs;
    BatchFile *file = (BatchFile *)f;
    memset(file, 0, sizeof(BatchFile));
    file->real = (sqlite3_file *)&file[1];
    int rc = realVFS->xOpen(realVFS, name, file->real, flags, outFlags);
    if (file->real->pMethods == NULL) return rc;
    if (file->real->pMethods->iVersion < 3) {
        // Not a file this VFS knows how to pass on in full: refuse rather than guess.
        file->real->pMethods->xClose(file->real);
        return SQLITE_CANTOPEN;
    }
    file->isLog = (flags & SQLITE_OPEN_WAL) != 0;
    file->path = name;
    file->base.pMethods = &batchMethods;
    return rc;
}

// The rest of the VFS is the default one's.
static int batchDelete(sqlite3_vfs *v, const char *name, int syncDir) { (void)v; return realVFS->xDelete(realVFS, name, syncDir); }
static int batchAccess(sqlite3_vfs *v, const char *name, int flags, int *result) { (void)v; return realVFS->xAccess(realVFS, name, flags, result); }
static int batchFullPathname(sqlite3_vfs *v, const char *name, int size, char *out) { (void)v; return realVFS->xFullPathname(realVFS, name, size, out); }
static void *batchDlOpen(sqlite3_vfs *v, const char *name) { (void)v; return realVFS->xDlOpen(realVFS, name); }
static void batchDlError(sqlite3_vfs *v, int size, char *message) { (void)v; realVFS->xDlError(realVFS, size, message); }
static void (*batchDlSym(sqlite3_vfs *v, void *handle, const char *symbol))(void) { (void)v; return realVFS->xDlSym(realVFS, handle, symbol); }
static void batchDlClose(sqlite3_vfs *v, void *handle) { (void)v; realVFS->xDlClose(realVFS, handle); }
static int batchRandomness(sqlite3_vfs *v, int size, char *out) { (void)v; return realVFS->xRandomness(realVFS, size, out); }
static int batchSleep(sqlite3_vfs *v, int microseconds) { (void)v; return realVFS->xSleep(realVFS, microseconds); }
static int batchCurrentTime(sqlite3_vfs *v, double *now) { (void)v; return realVFS->xCurrentTime(realVFS, now); }
static int batchGetLastError(sqlite3_vfs *v, int size, char *out) { (void)v; return realVFS->xGetLastError(realVFS, size, out); }
static int batchCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *now) { (void)v; return realVFS->xCurrentTimeInt64(realVFS, now); }

static sqlite3_vfs batchVFS = {
    2, 0, 1024, NULL, YOUYUE_WAL_BATCHING_VFS, NULL,
    batchOpen, batchDelete, batchAccess, batchFullPathname, batchDlOpen, batchDlError, batchDlSym, batchDlClose,
    batchRandomness, batchSleep, batchCurrentTime, batchGetLastError, batchCurrentTimeInt64,
};

int youyue_sqlite_register_wal_batching(void) {
    if (realVFS != NULL) return SQLITE_OK;
    sqlite3_vfs *fallback = sqlite3_vfs_find(NULL);
    if (fallback == NULL) return SQLITE_ERROR;
    if (fallback->iVersion < 2) return SQLITE_ERROR;
    realVFS = fallback;
    batchVFS.szOsFile = (int)sizeof(BatchFile) + fallback->szOsFile;
    batchVFS.mxPathname = fallback->mxPathname;
    return sqlite3_vfs_register(&batchVFS, 0);
}
