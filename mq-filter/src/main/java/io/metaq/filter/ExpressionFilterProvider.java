package io.metaq.filter;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import io.metaq.spi.filter.MessageView;
import java.util.List;
import java.util.Optional;

/**
 * Filter provider {@code expression}: a <a href="https://cel.dev">CEL</a> expression returning
 * {@code bool}, compiled and type-checked once when the filter is created and evaluated per record.
 *
 * <p>Parameter {@code expr}. Variables:
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code attribute}</td><td>string: the attribute, {@code ""} when the message has none</td></tr>
 *   <tr><td>{@code has_attribute}</td><td>bool: whether the message has an attribute</td></tr>
 *   <tr><td>{@code tags}</td><td>list(string): the bare entries of the attribute ({@link Tags} convention)</td></tr>
 *   <tr><td>{@code props}</td><td>map(string, string): the key=value entries of the attribute</td></tr>
 *   <tr><td>{@code size}</td><td>int: bytes of message data</td></tr>
 *   <tr><td>{@code id}</td><td>int: the broker-assigned message id</td></tr>
 * </table>
 *
 * <p>Besides the standard CEL functions and macros, the optional-value syntax
 * ({@code props[?"k"].orValue("")}) and the non-growing string extension functions ({@code lowerAscii},
 * {@code upperAscii}, {@code trim}, {@code indexOf}, {@code lastIndexOf}, {@code substring}, {@code charAt},
 * {@code split}) are available. CEL has no loops or recursion; comprehension macros ({@code exists},
 * {@code all}, {@code map}, ...) are limited to {@value #MAX_COMPREHENSION_ITERATIONS} iterations per
 * evaluation, expressions to {@value #MAX_EXPRESSION_CODE_POINTS} characters, and {@code matches()} uses
 * RE2 (linear time).
 *
 * <p>Each variable is computed only when the expression reads it; the attribute is parsed into
 * {@code tags}/{@code props} at most once per record.
 */
public final class ExpressionFilterProvider implements FilterProvider {
    public static final String NAME = "expression";

    static final String EXPR = "expr";

    static final int MAX_COMPREHENSION_ITERATIONS = 10_000;
    static final int MAX_EXPRESSION_CODE_POINTS = 16_384;
    static final int MAX_PARSE_DEPTH = 100;
    static final int MAX_REGEX_PROGRAM_SIZE = 10_000;

    static final String VAR_ATTRIBUTE = "attribute";
    static final String VAR_HAS_ATTRIBUTE = "has_attribute";
    static final String VAR_TAGS = "tags";
    static final String VAR_PROPS = "props";
    static final String VAR_SIZE = "size";
    static final String VAR_ID = "id";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageFilter create(FilterConfig config) {
        Params p = Params.of(NAME, config, List.of(EXPR));
        String expr = p.requiredNonBlank(EXPR, "(a CEL expression returning bool)");
        Cel cel = Env.CEL;
        CelValidationResult result = cel.compile(expr);
        if (result.hasError()) {
            throw p.error(EXPR, "CEL: " + result.getErrorString());
        }
        CelRuntime.Program program;
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            program = cel.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw p.error(EXPR, "CEL: " + e.getMessage());
        }
        return new ExpressionFilter(program, expr);
    }

    /** The CEL environment, built on first use (so loading the provider does not initialize CEL). */
    static final class Env {
        static final CelOptions OPTIONS = CelOptions.current()
                .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                .maxExpressionCodePointSize(MAX_EXPRESSION_CODE_POINTS)
                .maxParseRecursionDepth(MAX_PARSE_DEPTH)
                .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
                .build();

        /**
         * String functions whose result is never longer than their input: {@code replace}, {@code join}
         * and {@code quote} are left out, since nesting them could grow a string exponentially.
         */
        private static final CelStringExtensions STRINGS = CelExtensions.strings(
                CelStringExtensions.Function.LOWER_ASCII, CelStringExtensions.Function.UPPER_ASCII,
                CelStringExtensions.Function.TRIM, CelStringExtensions.Function.INDEX_OF,
                CelStringExtensions.Function.LAST_INDEX_OF, CelStringExtensions.Function.SUBSTRING,
                CelStringExtensions.Function.CHAR_AT, CelStringExtensions.Function.SPLIT);

        static final Cel CEL = CelFactory.standardCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar(VAR_ATTRIBUTE, SimpleType.STRING)
                .addVar(VAR_HAS_ATTRIBUTE, SimpleType.BOOL)
                .addVar(VAR_TAGS, ListType.create(SimpleType.STRING))
                .addVar(VAR_PROPS, MapType.create(SimpleType.STRING, SimpleType.STRING))
                .addVar(VAR_SIZE, SimpleType.INT)
                .addVar(VAR_ID, SimpleType.INT)
                .setResultType(SimpleType.BOOL)
                .addCompilerLibraries(CelExtensions.optional(), STRINGS)
                .addRuntimeLibraries(CelExtensions.optional(), STRINGS)
                .build();

        private Env() {
        }
    }

    static final class ExpressionFilter implements MessageFilter {
        private static final Optional<Object> TRUE = Optional.of(Boolean.TRUE);
        private static final Optional<Object> FALSE = Optional.of(Boolean.FALSE);
        private static final Optional<Object> EMPTY_STRING = Optional.of("");

        private final CelRuntime.Program program;
        private final String expr;

        ExpressionFilter(CelRuntime.Program program, String expr) {
            this.program = program;
            this.expr = expr;
        }

        @Override
        public boolean accept(FilterContext context, MessageView message) {
            Object result;
            try {
                result = program.eval(new Activation(message));
            } catch (CelEvaluationException e) {
                throw new FilterEvaluationException("expression filter '" + expr + "' failed on message "
                        + message.id() + ": " + e.getMessage(), e);
            }
            if (result instanceof Boolean b) {
                return b;
            }
            // The type checker guarantees bool; anything else is a CEL defect, reported as an error.
            throw new FilterEvaluationException("expression filter '" + expr + "' returned " + result);
        }

        @Override
        public String toString() {
            return NAME + "[" + expr + "]";
        }

        /** The variables of one record, each computed when first read; one per evaluation, never shared. */
        private static final class Activation implements CelVariableResolver {
            private final MessageView message;
            private Tags tags;

            Activation(MessageView message) {
                this.message = message;
            }

            private Tags tags() {
                Tags t = tags;
                if (t == null) {
                    t = Tags.parse(message.attribute());
                    tags = t;
                }
                return t;
            }

            @Override
            public Optional<Object> find(String name) {
                switch (name) {
                    case VAR_ATTRIBUTE: {
                        String a = message.attribute();
                        return a == null || a.isEmpty() ? EMPTY_STRING : Optional.of(a);
                    }
                    case VAR_HAS_ATTRIBUTE:
                        return message.attribute() != null ? TRUE : FALSE;
                    case VAR_TAGS:
                        return Optional.of(tags().tags());
                    case VAR_PROPS:
                        return Optional.of(tags().props());
                    case VAR_SIZE:
                        return Optional.of((long) message.dataSize());
                    case VAR_ID:
                        return Optional.of(message.id());
                    default:
                        return Optional.empty();
                }
            }
        }
    }
}
