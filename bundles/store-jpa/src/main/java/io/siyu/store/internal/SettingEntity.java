package io.siyu.store.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "siyu_setting")
public class SettingEntity {
    @Id
    @Column(name = "name", length = 128)
    private String name;
    @Column(name = "setting_value", nullable = false, length = 4000)
    private String value;

    protected SettingEntity() {
    }

    SettingEntity(String name, String value) {
        this.name = name;
        this.value = value;
    }

    String value() {
        return value;
    }

    void value(String value) {
        this.value = value;
    }
}
