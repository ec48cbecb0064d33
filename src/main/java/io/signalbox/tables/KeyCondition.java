package io.signalbox.tables;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.SortCondition;

/**
 * A Query's {@code KeyConditionExpression}, as DynamoDB writes it: {@code pk = :v}, optionally
 * {@code AND} a condition on the sort key ({@code =, <, <=, >, >=}, {@code BETWEEN :a AND :b},
 * {@code begins_with(sk, :p)}), in either order; names directly or as {@code #name} placeholders, values as
 * {@code :value} placeholders. Anything else is refused with what was not understood.
 *
 * @param partition the partition key's value
 * @param sort      the sort key condition, or null
 */
record KeyCondition(String partition, SortCondition sort) {

    private static final Pattern COMPARISON = Pattern.compile("^\\s*([#\\w.-]+)\\s*(=|<=|>=|<|>)\\s*(:[\\w-]+)\\s*$");
    private static final Pattern BETWEEN = Pattern.compile(
            "^\\s*([#\\w.-]+)\\s+BETWEEN\\s+(:[\\w-]+)\\s+AND\\s+(:[\\w-]+)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEGINS_WITH = Pattern.compile(
            "^\\s*begins_with\\s*\\(\\s*([#\\w.-]+)\\s*,\\s*(:[\\w-]+)\\s*\\)\\s*$", Pattern.CASE_INSENSITIVE);
    /** The AND that joins the two conditions (not the one inside BETWEEN ... AND ...). */
    private static final Pattern AND = Pattern.compile("\\s+AND\\s+", Pattern.CASE_INSENSITIVE);

    static KeyCondition parse(String expression, ResourceDeclarations.Table table, Map<String, String> names,
            Map<String, JsonNode> values) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("KeyConditionExpression is required (the local API does not read the "
                    + "legacy KeyConditions parameter)");
        }
        String[] parts = split(expression);
        String partition = null;
        SortCondition sort = null;
        for (String part : parts) {
            Matcher c = COMPARISON.matcher(part);
            Matcher b = BETWEEN.matcher(part);
            Matcher w = BEGINS_WITH.matcher(part);
            String attribute;
            SortCondition condition;
            if (c.matches()) {
                attribute = name(c.group(1), names);
                String value = value(c.group(3), values);
                if (attribute.equals(table.partitionKey())) {
                    if (!c.group(2).equals("=")) {
                        throw new IllegalArgumentException("The partition key " + attribute + " takes = only, not " + c.group(2));
                    }
                    partition = value;
                    continue;
                }
                condition = SortCondition.of(switch (c.group(2)) {
                    case "=" -> SortCondition.Op.EQ;
                    case "<" -> SortCondition.Op.LT;
                    case "<=" -> SortCondition.Op.LE;
                    case ">" -> SortCondition.Op.GT;
                    default -> SortCondition.Op.GE;
                }, value);
            } else if (b.matches()) {
                attribute = name(b.group(1), names);
                condition = SortCondition.between(value(b.group(2), values), value(b.group(3), values));
            } else if (w.matches()) {
                attribute = name(w.group(1), names);
                condition = SortCondition.beginsWith(value(w.group(2), values));
            } else {
                throw new IllegalArgumentException("KeyConditionExpression '" + expression + "': cannot read '"
                        + part.trim() + "' (the local API reads pk = :v [AND sk = | < | <= | > | >= :v, "
                        + "sk BETWEEN :a AND :b, begins_with(sk, :p)])");
            }
            if (!attribute.equals(table.sortKey())) {
                throw new IllegalArgumentException("KeyConditionExpression names " + attribute + ", which is not a key of "
                        + table.name() + " (partition key " + table.partitionKey()
                        + (table.sortKey() == null ? ", no sort key)" : ", sort key " + table.sortKey() + ")"));
            }
            if (sort != null) {
                throw new IllegalArgumentException("KeyConditionExpression has two conditions on the sort key");
            }
            sort = condition;
        }
        if (partition == null) {
            throw new IllegalArgumentException("KeyConditionExpression must have " + table.partitionKey() + " = :value");
        }
        return new KeyCondition(partition, sort);
    }

    /** The one or two conditions: split at the AND that is not BETWEEN's. */
    private static String[] split(String expression) {
        Matcher m = AND.matcher(expression);
        while (m.find()) {
            String left = expression.substring(0, m.start());
            if (!Pattern.compile("\\bBETWEEN\\s+:[\\w-]+\\s*$", Pattern.CASE_INSENSITIVE).matcher(left).find()) {
                return new String[] {left, expression.substring(m.end())};
            }
        }
        return new String[] {expression};
    }

    private static String name(String token, Map<String, String> names) {
        if (!token.startsWith("#")) {
            return token;
        }
        String name = names.get(token);
        if (name == null) {
            throw new IllegalArgumentException("ExpressionAttributeNames has no " + token);
        }
        return name;
    }

    private static String value(String token, Map<String, JsonNode> values) {
        JsonNode v = values.get(token);
        if (v == null) {
            throw new IllegalArgumentException("ExpressionAttributeValues has no " + token);
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("Key values are strings (S): " + token + " is " + v);
        }
        return v.asText();
    }
}
