;; escape: tries to reach a file outside its preopened scratch dir (fd 3) and writes one
;; raw byte per attempt to stdout: the WASI errno it got (0 would mean it got through).
;;   byte 0: path_open "../../../../etc/passwd"   (dot-dot out of the preopen)
;;   byte 1: path_open "/etc/passwd"              (absolute path)
;;   byte 2: path_symlink "link" -> "../../../../etc/passwd" (creating may succeed)
;;   byte 3: path_open "link" following symlinks  (symlink out of the preopen)
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink"
    (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 256) "../../../../etc/passwd")
  (data (i32.const 320) "/etc/passwd")
  (data (i32.const 384) "link")
  (func $open (param $path i32) (param $len i32) (result i32)
    ;; dirflags 1 = follow symlinks, oflags 0, rights FD_READ, fd out at 200
    (call $path_open (i32.const 3) (i32.const 1) (local.get $path) (local.get $len)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 200)))
  (func (export "_start")
    (i32.store8 (i32.const 512) (call $open (i32.const 256) (i32.const 22)))
    (i32.store8 (i32.const 513) (call $open (i32.const 320) (i32.const 11)))
    (i32.store8 (i32.const 514)
      (call $path_symlink (i32.const 256) (i32.const 22) (i32.const 3) (i32.const 384) (i32.const 4)))
    (i32.store8 (i32.const 515) (call $open (i32.const 384) (i32.const 4)))
    (i32.store (i32.const 600) (i32.const 512))
    (i32.store (i32.const 604) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 600) (i32.const 1) (i32.const 620))))
)
