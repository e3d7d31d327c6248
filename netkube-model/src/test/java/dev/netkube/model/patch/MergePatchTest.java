package dev.netkube.model.patch;

import static dev.netkube.model.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.model.api.ApiException;
import org.junit.jupiter.api.Test;

class MergePatchTest {
  @Test
  void rfc7386Example() {
    var target = json("{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},'tags':['example','sample'],'content':'x'}");
    var patch = json("{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}");
    assertThat(MergePatch.apply(target, patch)).isEqualTo(json(
        "{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],'content':'x','phoneNumber':'+01-123-456-7890'}"));
  }

  @Test
  void newObjectsLoseTheirNulls() {
    assertThat(MergePatch.apply(json("{'a':1}"), json("{'b':{'c':null,'d':2}}"))).isEqualTo(json("{'a':1,'b':{'d':2}}"));
  }

  @Test
  void nullOrScalarPatchIsInvalid() {
    for (String p : new String[] {"null", "3", "'x'"}) {
      assertThatThrownBy(() -> MergePatch.apply(json("{}"), json(p)))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("Invalid JSON Patch");
          });
    }
  }
}
