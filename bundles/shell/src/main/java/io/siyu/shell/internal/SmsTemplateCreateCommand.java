package io.siyu.shell.internal;

import io.siyu.api.channel.SmsText;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "sms-template-create", description = "Adds an SMS template to the content library as a draft;"
        + " submit it (siyu:content-submit) and have someone else approve it before SMS sends can use it")
@Service
public class SmsTemplateCreateCommand implements Action {
    @Reference
    ContentService contents;

    @Option(name = "-t", aliases = "--provider-template", multiValued = true, required = true,
            description = "channel=providerTemplateId, per account (sms-tencent/main=1234567) or type (sms-aliyun=SMS_1)")
    List<String> providerTemplates;

    @Option(name = "-p", aliases = "--param", multiValued = true,
            description = "A parameter name, in order (Tencent Cloud numbers them 1, 2, …)")
    List<String> params;

    @Option(name = "-s", aliases = "--sign", description = "The signature (签名) without 【】; default: the account's")
    String signName;

    @Option(name = "-u", aliases = "--unit", description = "The owning org unit (default: the caller's)")
    String unit;

    @Argument(index = 0, name = "title", required = true, description = "A name for people")
    String title;

    @Argument(index = 1, name = "text", required = true, description = "The template text with {name} or ${name} placeholders")
    String text;

    @Override
    public Object execute() {
        Map<String, String> providers = new LinkedHashMap<>();
        for (String p : providerTemplates) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                System.err.println("--provider-template is channel=providerTemplateId, e.g. sms-tencent/main=1234567");
                return null;
            }
            providers.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
        }
        ContentBody.SmsTemplate body = new ContentBody.SmsTemplate(text, params, signName, providers);
        ContentItem c = contents.create(ConsoleCaller.current(), new ContentDraft(ContentKind.SMS_TEMPLATE, title,
                Set.of(), unit, body));
        SmsText length = body.length();
        System.out.println("SMS template " + c.id() + " created as a draft (" + length.mainlandLength()
                + " characters with the signature, placeholders as written); next: siyu:content-submit " + c.id());
        return null;
    }
}
