FROM slipway-test/busybox:1
ARG GREETING=hi
ENV WHO=world
COPY hello.txt /hello.txt
RUN echo "$GREETING $WHO" && cat /hello.txt
RUN echo to-stderr >&2; echo done
