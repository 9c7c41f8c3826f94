package io.ddbconnector.samples;

import io.ddbconnector.testkit.Backend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a sample program the way its main method does, capturing its output. */
final class ProgramRuns {

  /** A program's exit code and what it printed. */
  static final class Outcome {
    final int code;
    final String out;
    final String err;

    Outcome(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }

  interface Program {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private ProgramRuns() {}

  static Outcome run(Program program, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = program.run(args, o, e);
    }
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The command-line options that point a program at the test backend. */
  static List<String> connection(Backend backend) {
    return new ArrayList<>(List.of(
        "--endpoint", backend.endpoint().toString(),
        "--region", backend.region(),
        "--conf", "dynamodb.awsAccessKeyId=dummy",
        "--conf", "dynamodb.awsSecretAccessKey=dummy"));
  }

  static String[] args(Backend backend, String... more) {
    List<String> all = connection(backend);
    all.addAll(Arrays.asList(more));
    return all.toArray(new String[0]);
  }
}
