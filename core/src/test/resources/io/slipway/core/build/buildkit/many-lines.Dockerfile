FROM slipway-test/busybox:1
RUN i=1; while [ $i -le 300 ]; do echo "out line $i"; echo "err line $i" >&2; i=$((i+1)); done; printf 'split '; sleep 0.3; echo 'across chunks'; printf 'crlf line\r\n'; printf 'tail without newline'
