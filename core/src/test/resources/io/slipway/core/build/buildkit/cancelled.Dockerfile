FROM slipway-test/busybox:1
RUN echo started; sleep 30
