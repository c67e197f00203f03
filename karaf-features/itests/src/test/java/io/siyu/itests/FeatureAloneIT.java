package io.siyu.itests;

import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.EnumSet;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * Each Siyu feature installs alone into a fresh, plain Apache Karaf and every bundle becomes active:
 * no feature leans on something another feature happened to install.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class FeatureAloneIT extends InContainer {

    @Configuration
    public Option[] config() {
        return ExamOptions.plainKaraf().toArray(new Option[0]);
    }

    private void installsAlone(String feature) throws Exception {
        features.addRepository(URI.create(ExamOptions.FEATURES_URL));
        // No auto-refresh, as Siyu features are installed in production: a feature must work without
        // Karaf refreshing what was already there (here that would also refresh the test probe).
        features.installFeature(feature, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        assertTrue(feature + " installed", features.isInstalled(features.getFeature(feature)));
        assertAllBundlesActive();
    }

    @Test
    public void siyuCoreInstallsAlone() throws Exception {
        installsAlone("siyu-core");
    }

    @Test
    public void siyuPersistenceDerbyInstallsAlone() throws Exception {
        installsAlone("siyu-persistence-derby");
    }

    @Test
    public void siyuPersistencePostgresqlInstallsAlone() throws Exception {
        installsAlone("siyu-persistence-postgresql");
    }

    @Test
    public void siyuRestInstallsAlone() throws Exception {
        installsAlone("siyu-rest");
    }

    @Test
    public void siyuConsoleInstallsAlone() throws Exception {
        installsAlone("siyu-console");
    }

    @Test
    public void siyuShellInstallsAlone() throws Exception {
        installsAlone("siyu-shell");
    }

    @Test
    public void siyuEditionRetailInstallsAlone() throws Exception {
        installsAlone("siyu-edition-retail");
    }

    @Test
    public void siyuEditionBankInstallsAlone() throws Exception {
        installsAlone("siyu-edition-bank");
    }

    @Test
    public void siyuEditionEducationInstallsAlone() throws Exception {
        installsAlone("siyu-edition-education");
    }

    @Test
    public void siyuChannelWecomInstallsAlone() throws Exception {
        installsAlone("siyu-channel-wecom");
    }

    @Test
    public void siyuChannelWechatOaInstallsAlone() throws Exception {
        installsAlone("siyu-channel-wechat-oa");
    }

    @Test
    public void siyuChannelSmsTencentInstallsAlone() throws Exception {
        installsAlone("siyu-channel-sms-tencent");
    }

    @Test
    public void siyuChannelSmsAliyunInstallsAlone() throws Exception {
        installsAlone("siyu-channel-sms-aliyun");
    }

    @Test
    public void siyuChannelEmailInstallsAlone() throws Exception {
        installsAlone("siyu-channel-email");
    }

    @Test
    public void siyuChannelMiniprogramInstallsAlone() throws Exception {
        installsAlone("siyu-channel-miniprogram");
    }

    @Test
    public void siyuChannelSandboxInstallsAlone() throws Exception {
        installsAlone("siyu-channel-sandbox");
    }
}
