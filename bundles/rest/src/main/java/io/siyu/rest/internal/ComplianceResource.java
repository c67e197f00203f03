package io.siyu.rest.internal;

import io.siyu.api.content.RiskDisclosure;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** The compliance lists content is checked against on submission and approval. */
@Path("compliance")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ComplianceResource {
    private final ServiceAccess services;

    ComplianceResource(ServiceAccess services) {
        this.services = services;
    }

    record WordsJson(List<String> words) {
    }

    record DisclosureJson(String id, String name, List<String> whenLabels, List<String> whenMentions, String phrase) {
        static DisclosureJson of(RiskDisclosure d) {
            return new DisclosureJson(d.id(), d.name(), d.whenLabels(), d.whenMentions(), d.phrase());
        }

        RiskDisclosure toDisclosure() {
            return new RiskDisclosure(id, name, whenLabels, whenMentions, phrase);
        }
    }

    @GET
    @Path("sensitive-words")
    public WordsJson words(@Context SecurityContext security) {
        return new WordsJson(services.contents().sensitiveWords(Callers.of(security)));
    }

    /** Replaces the list: {@code {"words": ["保本", "稳赚"]}}. */
    @PUT
    @Path("sensitive-words")
    public WordsJson putWords(WordsJson input, @Context SecurityContext security) {
        return new WordsJson(services.contents().putSensitiveWords(Callers.of(security),
                CustomerResource.requireBody(input).words()));
    }

    @GET
    @Path("risk-disclosures")
    public List<DisclosureJson> disclosures(@Context SecurityContext security) {
        return services.contents().riskDisclosures(Callers.of(security)).stream().map(DisclosureJson::of).toList();
    }

    /** Replaces the configured disclosures. */
    @PUT
    @Path("risk-disclosures")
    public List<DisclosureJson> putDisclosures(List<DisclosureJson> input, @Context SecurityContext security) {
        List<RiskDisclosure> disclosures = CustomerResource.requireBody(input).stream().map(DisclosureJson::toDisclosure)
                .toList();
        return services.contents().putRiskDisclosures(Callers.of(security), disclosures).stream()
                .map(DisclosureJson::of).toList();
    }
}
