package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileLinesTest {

  @Test
  void findsTheFirstLineOfEachInstruction() {
    String dockerfile =
        String.join(
            "\n",
            "# syntax=docker/dockerfile:1",
            "ARG BASE=busybox",
            "",
            "FROM $BASE AS build",
            "# a comment",
            "RUN echo one \\",
            "    # comment inside",
            "    && echo two",
            "copy . /src",
            "");
    List<DockerfileLines.Instruction> parsed = DockerfileLines.parse(dockerfile);
    assertThat(parsed).extracting(DockerfileLines.Instruction::line).containsExactly(2, 4, 6, 9);
    assertThat(parsed)
        .extracting(DockerfileLines.Instruction::keyword)
        .containsExactly("ARG", "FROM", "RUN", "COPY");
    assertThat(parsed.get(2).text()).isEqualTo("RUN echo one  && echo two");
  }

  @Test
  void honoursTheEscapeDirective() {
    String dockerfile = "# escape=`\nFROM x\nRUN a `\n  b\nRUN c\\\n";
    assertThat(DockerfileLines.parse(dockerfile))
        .extracting(DockerfileLines.Instruction::line)
        .containsExactly(2, 3, 5);
  }
}
