import Foundation

/// Starts an operating-system thread named `name` (the kernel keeps 15 bytes), running `body`.
///
/// Foundation's `Thread.name` does not reach the kernel on Linux, so without this `top -H`,
/// `ps -T` and `perf` show SQLite's writer under the name of the thread that started it.
func startNamedThread(_ name: String, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread {
        #if os(Linux)
        // pthread_setname_np is not visible to Swift here; the kernel takes the name from this file.
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        if descriptor >= 0 {
            let bytes = Array(name.utf8.prefix(15))
            _ = write(descriptor, bytes, bytes.count)
            close(descriptor)
        }
        #endif
        body()
    }
    thread.name = name
    thread.start()
}
