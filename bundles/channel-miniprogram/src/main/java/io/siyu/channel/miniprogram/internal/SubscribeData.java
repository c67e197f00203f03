package io.siyu.channel.miniprogram.internal;

import io.siyu.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's rules for subscribe-message template data ("订阅消息参数值内容限制说明" of
 * subscribeMessage.send; see docs/channels.md), checked before anything is queued so a message the
 * platform would refuse with 47003 never leaves. A key is a type and a number ({@code thing1},
 * {@code character_string2}, {@code number01}); the type decides the rule. Types without a rule
 * here ({@code enum}, ones added later) only need a value.
 */
final class SubscribeData {
    private static final Pattern KEY = Pattern.compile("([a-z]+(?:_[a-z]+)*)(\\d+)");
    private static final String DATE = "(?:\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}年\\d{1,2}月|\\d{1,2}月\\d{1,2}日"
            + "|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{4}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2})";
    private static final String TIME = "(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?";
    private static final Pattern DATE_VALUE = range(DATE + "(?:\\s*" + TIME + ")?");
    private static final Pattern TIME_VALUE = range("(?:" + DATE + "\\s*)?" + TIME);
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern LETTERS = Pattern.compile("[A-Za-z]+");
    private static final Pattern SYMBOLS = Pattern.compile("[^\\p{L}\\p{N}\\s]+");
    private static final Pattern CHARACTER_STRING = Pattern.compile("[\\x21-\\x7E]+");
    private static final Pattern PHONE = Pattern.compile("[0-9+\\-()#* ]+");
    private static final Pattern AMOUNT = Pattern.compile("[^\\d\\s.]?\\d{1,10}(?:\\.\\d+)?元?");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}+");
    private static final Pattern CAR = Pattern.compile("[\\p{IsHan}A-Za-z0-9][A-Za-z0-9]*\\p{IsHan}?");
    private static final Pattern HAN_NAME = Pattern.compile("[\\p{IsHan}A-Za-z·•. -]+");
    private static final Pattern LATIN_NAME = Pattern.compile("[A-Za-z\\p{Punct} ]+");

    private SubscribeData() {
    }

    private static Pattern range(String one) {
        return Pattern.compile(one + "(?:\\s*~\\s*" + one + ")?");
    }

    /** Every rule the data breaks, with paths {@code template.data.<key>}; empty when the platform would take it. */
    static List<FieldError> problems(Map<String, String> data) {
        List<FieldError> errors = new ArrayList<>();
        if (data.isEmpty()) {
            errors.add(FieldError.of("template.data", "a subscribe message needs its template's data"));
            return errors;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
            String problem = problem(e.getKey(), e.getValue());
            if (problem != null) {
                errors.add(FieldError.of("template.data." + e.getKey(), problem));
            }
        }
        return errors;
    }

    /** Why the platform would refuse this value for this key, or null. */
    static String problem(String key, String value) {
        if (value == null || value.isEmpty()) {
            return "is empty";
        }
        if (value.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
            return "must not contain line breaks or other control characters";
        }
        Matcher k = KEY.matcher(key);
        if (!k.matches()) {
            return "is not a template key (a type and a number, e.g. thing1)";
        }
        int length = value.codePointCount(0, value.length());
        switch (k.group(1)) {
            case "thing":
                return length <= 20 ? null : "thing.DATA is at most 20 characters, not " + length;
            case "number":
                return NUMBER.matcher(value).matches() && length <= 32 ? null
                        : "number.DATA is at most 32 digits, with decimals if any";
            case "letter":
                return LETTERS.matcher(value).matches() && length <= 32 ? null : "letter.DATA is at most 32 letters";
            case "symbol":
                return SYMBOLS.matcher(value).matches() && length <= 5 ? null : "symbol.DATA is at most 5 symbols";
            case "character_string":
                return CHARACTER_STRING.matcher(value).matches() && length <= 32 ? null
                        : "character_string.DATA is at most 32 digits, letters or symbols";
            case "phone_number":
                return PHONE.matcher(value).matches() && length <= 17 ? null
                        : "phone_number.DATA is at most 17 digits and symbols, e.g. +86-0766-66888866";
            case "date":
                return DATE_VALUE.matcher(value).matches() ? null
                        : "date.DATA is a date such as 2019年10月1日, 2019-10-01 or 10月1日, optionally with a "
                                + "24-hour time, or two joined by ~";
            case "time":
                return TIME_VALUE.matcher(value).matches() ? null
                        : "time.DATA is a 24-hour time such as 15:01, optionally after a date, or two joined by ~";
            case "amount":
                return AMOUNT.matcher(value).matches() ? null
                        : "amount.DATA is a currency symbol and at most 10 digits, decimals allowed, optionally "
                                + "ending in 元, e.g. ¥100.00 or 100元";
            case "phrase":
                return HAN.matcher(value).matches() && length <= 5 ? null
                        : "phrase.DATA is at most 5 Chinese characters, e.g. 配送中";
            case "car_number":
                return CAR.matcher(value).matches() && length <= 8 ? null
                        : "car_number.DATA is at most 8 characters: letters and digits, Chinese only first and last";
            case "name":
                if (value.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                    return HAN_NAME.matcher(value).matches() && length <= 10 ? null
                            : "name.DATA with Chinese is at most 10 characters";
                }
                return LATIN_NAME.matcher(value).matches() && length <= 20 ? null
                        : "name.DATA is at most 10 Chinese characters or 20 letters";
            default:
                return null; // enum.* and types without a published rule: the platform decides
        }
    }
}
