package dev.engram.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Reports an unknown option as unknown. Picocli checks required options before it looks at
 * arguments it could not match, so {@code chat --bogus} would say that {@code --user} is missing;
 * this handler turns such a report into "Unknown option: '--bogus'" and passes everything else on.
 */
final class UnknownOptionsFirst implements CommandLine.IParameterExceptionHandler {
    private final CommandLine.IParameterExceptionHandler next;

    UnknownOptionsFirst(CommandLine.IParameterExceptionHandler next) {
        this.next = next;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) throws Exception {
        if (ex instanceof CommandLine.MissingParameterException) {
            List<String> unknown = unknownOptions(ex.getCommandLine(), args);
            if (!unknown.isEmpty()) {
                return next.handleParseException(new CommandLine.UnmatchedArgumentException(ex.getCommandLine(), unknown), args);
            }
        }
        return next.handleParseException(ex, args);
    }

    /** Arguments that look like options but name none of the command's or its parents' options. */
    private static List<String> unknownOptions(CommandLine command, String[] args) {
        List<String> unknown = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--") || arg.matches("-\\d.*")) {
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!known(command, name)) {
                unknown.add(arg);
            }
        }
        return unknown;
    }

    private static boolean known(CommandLine command, String name) {
        for (CommandLine c = command; c != null; c = c.getParent()) {
            CommandSpec spec = c.getCommandSpec();
            if (spec.findOption(name) != null) {
                return true;
            }
        }
        return false;
    }
}
