package oolong.repl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A puppet's answer, typed: each kind of answer the agent sends prints as one readable line. */
class PuppetReplyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PuppetReply reply(String command, String json) throws Exception {
        return new PuppetReply(5, command, JSON.readTree(json));
    }

    @Test
    void aReadShowsItsReturnValueAndText() throws Exception {
        PuppetReply r = reply("read 3 16", "{\"pid\":5,\"result\":{\"ret\":5,\"data\":\"he\\\"llo\"}}");
        assertEquals(5, r.ret());
        assertEquals("he\"llo", r.data());
        assertEquals("puppet 5 read 3 16: ret 5 data \"he\\\"llo\"", r.toString());
        assertEquals(5, r.path("result").path("ret").asInt());
    }

    @Test
    void aFailedCallNamesItsErrno() throws Exception {
        PuppetReply r = reply("close 9", "{\"pid\":5,\"result\":{\"ret\":-9}}");
        assertEquals(-9, r.ret());
        assertNull(r.data());
        assertEquals("puppet 5 close 9: ret -9 (EBADF)", r.toString());
    }

    @Test
    void aNegativeExitCodeOrMemoryValueIsNotAnErrno() throws Exception {
        assertEquals("puppet 5 await: ret -1", reply("await", "{\"pid\":5,\"result\":{\"ret\":-1}}").toString());
        assertEquals("puppet 5 touch 0x1000: ret -2", reply("touch 0x1000", "{\"pid\":5,\"result\":{\"ret\":-2}}").toString());
    }

    @Test
    void aPipeShowsBothEnds() throws Exception {
        assertEquals("puppet 5 pipe: ret 0 read 3 write 4",
                reply("pipe", "{\"pid\":5,\"result\":{\"ret\":0,\"read\":3,\"write\":4}}").toString());
    }

    @Test
    void aDeadPuppetHasACodeAndNoReturnValue() throws Exception {
        PuppetReply r = reply("touch 0", "{\"pid\":5,\"exited\":true,\"code\":142}");
        assertTrue(r.exited());
        assertEquals(142, r.code());
        assertEquals("puppet 5 touch 0: exited with code 142", r.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::ret);
        assertEquals("puppet 5 died with code 142 during 'touch 0'", e.getMessage());
    }

    @Test
    void aReportThatIsNotAnObjectIsAnError() throws Exception {
        PuppetReply r = reply("getpid", "{\"pid\":5,\"error\":\"the puppet reported a result that is not a JSON object\"}");
        assertFalse(r.exited());
        assertEquals("puppet 5 getpid: error: the puppet reported a result that is not a JSON object", r.toString());
        assertThrows(IllegalStateException.class, r::ret);
    }
}
