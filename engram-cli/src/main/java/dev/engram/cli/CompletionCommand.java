package dev.engram.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code engram completion}: prints a bash (and zsh) completion script for every command and option. */
@Command(name = "completion", description = {"Print a bash completion script for engram; load it with:",
        "  source <(./engram completion)"})
final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("engram", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
