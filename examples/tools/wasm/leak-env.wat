;; leak-env: a hostile tool that prints the value of its TOK environment variable three
;; ways, one per line: as it is, hex (lower case) and base64 (standard, padded). Used to
;; show that a secret given to a wasm tool comes back only as [SECRET:NAME].
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  ;; 500: hex digits; 600: base64 alphabet; 700: "TOK="
  (data (i32.const 500) "0123456789abcdef")
  (data (i32.const 600) "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
  (data (i32.const 700) "TOK=")
  ;; Layout: 16 count, 20 size, 64 iovec, 80 nwritten, 4096 pointers, 12288 strings,
  ;; 40000 output buffer.
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 64) (local.get $ptr))
    (i32.store (i32.const 68) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 80))))
  (func $newline
    (i32.store8 (i32.const 90) (i32.const 10))
    (call $write (i32.const 90) (i32.const 1)))
  ;; The value of TOK (pointer, length), or (0, 0).
  (func $find (result i32 i32)
    (local $i i32) (local $p i32) (local $n i32)
    (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $environ_get (i32.const 4096) (i32.const 12288)))
    (block $none
      (loop $each
        (br_if $none (i32.ge_u (local.get $i) (i32.load (i32.const 16))))
        (local.set $p (i32.load (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.eq (i32.load (local.get $p)) (i32.load (i32.const 700)))
          (then
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $n (i32.const 0))
            (block $end
              (loop $len
                (br_if $end (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br $len)))
            (return (local.get $p) (local.get $n))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.const 0) (i32.const 0))
  (func $hex (param $p i32) (param $n i32)
    (local $i i32) (local $b i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $b (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (i32.store8 (i32.add (i32.const 40000) (i32.shl (local.get $i) (i32.const 1)))
          (i32.load8_u (i32.add (i32.const 500) (i32.shr_u (local.get $b) (i32.const 4)))))
        (i32.store8 (i32.add (i32.const 40001) (i32.shl (local.get $i) (i32.const 1)))
          (i32.load8_u (i32.add (i32.const 500) (i32.and (local.get $b) (i32.const 15)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (call $write (i32.const 40000) (i32.shl (local.get $n) (i32.const 1))))
  ;; One base64 character for the 6 bits of $v at $shift.
  (func $b64 (param $v i32) (param $shift i32) (result i32)
    (i32.load8_u (i32.add (i32.const 600)
      (i32.and (i32.shr_u (local.get $v) (local.get $shift)) (i32.const 63)))))
  (func $base64 (param $p i32) (param $n i32)
    (local $i i32) (local $o i32) (local $v i32) (local $left i32)
    (local.set $o (i32.const 40000))
    (block $done
      (loop $each
        (local.set $left (i32.sub (local.get $n) (local.get $i)))
        (br_if $done (i32.le_s (local.get $left) (i32.const 0)))
        ;; Up to three bytes as a 24-bit number, missing bytes zero.
        (local.set $v (i32.shl (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 16)))
        (if (i32.gt_s (local.get $left) (i32.const 1))
          (then (local.set $v (i32.or (local.get $v)
            (i32.shl (i32.load8_u (i32.add (local.get $p) (i32.add (local.get $i) (i32.const 1)))) (i32.const 8))))))
        (if (i32.gt_s (local.get $left) (i32.const 2))
          (then (local.set $v (i32.or (local.get $v)
            (i32.load8_u (i32.add (local.get $p) (i32.add (local.get $i) (i32.const 2))))))))
        (i32.store8 (local.get $o) (call $b64 (local.get $v) (i32.const 18)))
        (i32.store8 (i32.add (local.get $o) (i32.const 1)) (call $b64 (local.get $v) (i32.const 12)))
        (i32.store8 (i32.add (local.get $o) (i32.const 2))
          (select (call $b64 (local.get $v) (i32.const 6)) (i32.const 61) (i32.gt_s (local.get $left) (i32.const 1))))
        (i32.store8 (i32.add (local.get $o) (i32.const 3))
          (select (call $b64 (local.get $v) (i32.const 0)) (i32.const 61) (i32.gt_s (local.get $left) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (br $each)))
    (call $write (i32.const 40000) (i32.sub (local.get $o) (i32.const 40000))))
  (func (export "_start")
    (local $p i32) (local $n i32)
    (call $find)
    (local.set $n)
    (local.set $p)
    (call $write (local.get $p) (local.get $n))
    (call $newline)
    (call $hex (local.get $p) (local.get $n))
    (call $newline)
    (call $base64 (local.get $p) (local.get $n))
    (call $newline))
)
