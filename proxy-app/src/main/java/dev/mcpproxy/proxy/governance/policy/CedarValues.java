package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.Decimal;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * JSON to Cedar values: objects become records, arrays sets, integers {@code Long}, other numbers
 * {@code decimal} when Cedar can hold them exactly (else their text), nulls are left out.
 */
final class CedarValues {
    private static final BigDecimal DECIMAL_LIMIT = new BigDecimal("922337203685477");

    private CedarValues() {
    }

    static Value of(JsonNode node) {
        if (node.isObject()) {
            CedarMap record = new CedarMap();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isNull()) {
                    record.put(field.getKey(), of(field.getValue()));
                }
            }
            return record;
        }
        if (node.isArray()) {
            CedarList set = new CedarList();
            node.forEach(item -> {
                if (!item.isNull()) {
                    set.add(of(item));
                }
            });
            return set;
        }
        if (node.isBoolean()) {
            return new PrimBool(node.booleanValue());
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return new PrimLong(node.longValue());
        }
        if (node.isNumber()) {
            BigDecimal number = node.decimalValue().stripTrailingZeros();
            if (number.scale() <= 4 && number.abs().compareTo(DECIMAL_LIMIT) < 0) {
                return new Decimal(number.setScale(Math.max(number.scale(), 1)).toPlainString());
            }
        }
        return new PrimString(node.asText());
    }

    static CedarList strings(Collection<String> values) {
        CedarList set = new CedarList();
        values.forEach(value -> set.add(new PrimString(value)));
        return set;
    }
}
