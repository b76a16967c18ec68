FROM slipway-test/busybox:1 AS left
RUN echo left > /left && sleep 1
FROM slipway-test/busybox:1 AS right
RUN echo right > /right && sleep 1
FROM slipway-test/busybox:1
COPY hello.txt /hello.txt
COPY --from=left /left /left
COPY --from=right /right /right
RUN cat /left /right /hello.txt
