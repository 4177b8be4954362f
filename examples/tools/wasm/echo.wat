;; echo: a WASI preview 1 command that copies stdin to stdout (fd_read / fd_write).
;; Exit 2 if reading fails, 3 if writing fails.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  ;; 0: read iovec, 16: nread, 32: write ciovec, 48: nwritten, 1024..: 64 KiB buffer
  (memory (export "memory") 2)
  (func (export "_start")
    (local $n i32) (local $off i32)
    (loop $read
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const 65536))
      (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16))
        (then (call $proc_exit (i32.const 2))))
      (local.set $n (i32.load (i32.const 16)))
      (if (i32.eqz (local.get $n)) (then (return)))
      (local.set $off (i32.const 1024))
      (block $done
        (loop $write
          (br_if $done (i32.eqz (local.get $n)))
          (i32.store (i32.const 32) (local.get $off))
          (i32.store (i32.const 36) (local.get $n))
          (if (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 48))
            (then (call $proc_exit (i32.const 3))))
          (local.set $off (i32.add (local.get $off) (i32.load (i32.const 48))))
          (local.set $n (i32.sub (local.get $n) (i32.load (i32.const 48))))
          (br $write)))
      (br $read)))
)
