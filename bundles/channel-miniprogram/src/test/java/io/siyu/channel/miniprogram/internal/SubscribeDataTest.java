package io.siyu.channel.miniprogram.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.siyu.api.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The platform's published value rules, with its own examples where it gives them. */
class SubscribeDataTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "thing1|双十一会员专享：全场五折起，满三百减五十",
        "thing2|Order #42 ready!",
        "number01|339208499", "number2|99.50",
        "letter3|ABCdef",
        "symbol4|%+-", "character_string5|SY-2026/11:AB_9",
        "phone_number6|+86-0766-66888866",
        "date7|2019年10月1日", "date7|2019年10月1日 15:01", "date7|2018-01-01", "date7|2018/01/01",
        "date7|2018.01.01", "date7|2018-01", "date7|01-01", "date7|2019年10月1日 ~ 2019年10月7日",
        "time8|15:01", "time8|15:01:30", "time8|2019年10月1日 15:01", "time8|09:00~18:00",
        "amount9|¥100.00", "amount9|100元", "amount9|$1234567890.5",
        "phrase10|配送中",
        "car_number11|粤A8Z888挂",
        "name12|欧阳修", "name12|Li Lei", "name12|张San",
        "enum13|anything the template lists"})
    void documentedValuesPass(String key, String value) {
        assertNull(SubscribeData.problem(key, value), key + "=" + value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "thing1|双十一会员专享：全场五折起，满三百再减五十元",
        "number2|12a", "number2|123456789012345678901234567890123",
        "letter3|abc1", "symbol4|%%%%%%", "symbol4|a!",
        "character_string5|中文", "character_string5|123456789012345678901234567890123",
        "phone_number6|+86-0766-668888666", "phone_number6|call me",
        "date7|明天", "date7|2019年10月1日 25:00", "time8|3pm",
        "amount9|一百元", "amount9|¥12345678901",
        "phrase10|配送中了吗啊", "phrase10|OK",
        "car_number11|粤A8Z888挂X", "car_number11|A-8Z888",
        "name12|欧阳修欧阳修欧阳修欧阳", "name12|Li Lei the 3rd",
        "thing13|line\\nbreak"})
    void valuesThePlatformWouldRefuseAreNamed(String key, String value) {
        assertNotNull(SubscribeData.problem(key, value.replace("\\n", "\n")), key + "=" + value);
    }

    @Test
    void everyBadFieldIsReportedWithItsPath() {
        List<FieldError> errors = SubscribeData.problems(Map.of("thing1", "x".repeat(21), "amount2", "¥9.90",
                "phrase3", "", "whatever", "v"));
        assertEquals(List.of("template.data.phrase3", "template.data.thing1", "template.data.whatever"),
                errors.stream().map(FieldError::field).toList());
        assertEquals("thing.DATA is at most 20 characters, not 21", errors.get(1).message());
        assertEquals("template.data", SubscribeData.problems(Map.of()).get(0).field());
    }
}
