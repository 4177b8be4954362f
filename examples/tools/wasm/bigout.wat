;; bigout: writes 64 KiB blocks of 'x' to stdout forever. Exit 5 if a write fails.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)
  (func (export "_start")
    (memory.fill (i32.const 1024) (i32.const 120) (i32.const 65536))
    (loop $write
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const 65536))
      (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))
        (then (call $proc_exit (i32.const 5))))
      (br $write)))
)
