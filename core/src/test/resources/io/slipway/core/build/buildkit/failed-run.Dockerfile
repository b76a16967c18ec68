FROM slipway-test/busybox:1
RUN echo fine
RUN echo partial-no-newline; echo boom >&2; printf 'last words'; exit 3
RUN echo never
